// The agent on its own, in this process: interval arithmetic, a request's parts that add up to
// its wall time, and waits named by what ended them and where they were awaited.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import { Agent } from '../src/agent/agent.ts'
import { flameGraph, hotLines, type SampleFrame } from '../src/agent/cpu-sampler.ts'
import { length, overlap, subtract, union } from '../src/agent/intervals.ts'
import { RequestRecord } from '../src/agent/request-record.ts'

const here = new URL(import.meta.url).pathname

describe('intervals', () => {
  it('merge, measure and subtract', () => {
    assert.deepEqual(union([[5, 7], [0, 2], [1, 3], [7, 8]]), [[0, 3], [5, 8]])
    assert.equal(length([[0, 2], [1, 3], [10, 11]]), 4)
    assert.deepEqual(subtract([[0, 10]], [[2, 3], [5, 6]]), [[0, 2], [3, 5], [6, 10]])
    assert.equal(overlap(1, 6, [[0, 2], [5, 9]]), 2)
  })
})

describe('RequestRecord', () => {
  it('splits its wall time into parts that add up, counting parallel statements once', () => {
    const record = new RequestRecord('GET /x', 0, 0)
    record.running.push([0, 2], [10, 11], [29, 30])
    record.syncSqlMs = 0.5
    record.sqlIntervals.push([2, 8], [3, 9], [4, 9])
    record.outboundIntervals.push([11, 20])
    record.addWait('timer', ['src/x.ts:3'], 20, 29)
    record.addWait('unknown', [], 9, 10)
    record.end = 30
    const parts = record.parts()
    assert.equal(parts.wall, 30)
    assert.equal(parts.cpu, 3.5)
    assert.equal(parts.sql, 7.5)
    assert.equal(parts.outbound, 9)
    assert.equal(parts.wait, 10)
    assert.equal(parts.cpu + parts.sql + parts.outbound + parts.wait, parts.wall)
    assert.equal(parts.sqlWall, 7.5)
    assert.equal(parts.unexplained, 0)
  })
})

describe('CPU summaries', () => {
  const frame = (name: string, file: string, line: number, own: boolean): SampleFrame => ({ name, file, line, own })
  const samples = [
    { frames: [frame('RegExp: ^(a+)+$', '', 0, false), frame('handler', '/app/src/x.ts', 8, true), frame('main', '/app/src/main.ts', 2, true)], ms: 90 },
    { frames: [frame('handler', '/app/src/x.ts', 9, true), frame('main', '/app/src/main.ts', 2, true)], ms: 10 }
  ]

  it('name the application line where the time is spent, and the builtin under it', () => {
    const [top, next] = hotLines(samples, 100)
    assert.equal(top!.location.endsWith('src/x.ts:8'), true)
    assert.equal(top!.percent, 90)
    assert.match(top!.via!, /^RegExp: \^\(a\+\)\+\$/)
    assert.equal(next!.location.endsWith('src/x.ts:9'), true)
  })

  it('build a flame graph of functions, root first', () => {
    const root = flameGraph(samples)
    assert.equal(root.ms, 100)
    assert.equal(root.children[0]!.name, 'main')
    assert.equal(root.children[0]!.children[0]!.name, 'handler')
    assert.equal(root.children[0]!.children[0]!.ms, 100)
  })
})

describe('Agent, in this process', () => {
  it('accounts for each request and names what it waited on, and where', async (t) => {
    const agent = new Agent()
    agent.install()
    let tail = Promise.resolve()
    const server = createServer((req, res) => {
      const answer = async (): Promise<void> => {
        if (req.url === '/timer') {
          await sleep(15) // WAIT timer
        } else if (req.url === '/lock') {
          const previous = tail
          let release!: () => void
          tail = new Promise<void>((resolve) => { release = resolve })
          await previous // WAIT lock
          await sleep(10)
          release()
        } else {
          const until = performance.now() + 8
          while (performance.now() < until);
        }
        res.end('ok')
      }
      answer().catch((error: unknown) => res.destroy(error as Error))
    })
    server.listen(0, '127.0.0.1')
    await once(server, 'listening')
    t.after(() => server.close())
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await agent.start()
    for (let i = 0; i < 3; i++) await (await fetch(`${base}/timer`)).text()
    await Promise.all(Array.from({ length: 4 }, async () => (await fetch(`${base}/lock`)).text()))
    for (let i = 0; i < 5; i++) await (await fetch(`${base}/cpu`)).text()
    const snapshot = await agent.stop({ explain: false })

    const source = readFileSync(here, 'utf8').split('\n')
    const line = (marker: string): number => source.findIndex((text) => text.includes(marker) && !text.includes('line(')) + 1
    const route = (key: string) => snapshot.routes.find((r) => r.key === key)!

    const timer = route('GET /timer')
    assert.equal(timer.requests, 3)
    const parts = timer.parts
    assert.ok(Math.abs(parts.cpu + parts.sql + parts.outbound + parts.wait - timer.wallMs) < 0.01, 'parts add up to the wall time')
    const timerWait = timer.waits.find((w) => w.kind === 'timer')!
    assert.ok(timerWait.totalMs / 3 >= 14, JSON.stringify(timer.waits))
    assert.equal(timerWait.site[0], `${here.replace(`${process.cwd()}/`, '')}:${line('// WAIT timer')}`)

    const lock = route('GET /lock')
    const lockWait = lock.waits.find((w) => w.kind === 'other-request')
    assert.ok(lockWait !== undefined && lockWait.totalMs > 10, JSON.stringify(lock.waits))
    assert.equal(lockWait.site[0], `${here.replace(`${process.cwd()}/`, '')}:${line('// WAIT lock')}`)

    const cpu = route('GET /cpu')
    assert.ok(cpu.parts.cpu / cpu.requests >= 7.5, `cpu ${cpu.parts.cpu / cpu.requests} ms per request`)
    assert.ok(cpu.parts.cpu <= cpu.wallMs, 'CPU never exceeds wall time')
    // (In this process tsx compiles without the lab's line-preserving hook: the exact line is
    // checked on a real lab run, test/lab-planted.test.ts; here, only that it is this file.)
    assert.ok(snapshot.cpu.hotLines[0]?.location.startsWith('test/agent.test.ts:'), JSON.stringify(snapshot.cpu.hotLines))
  })
})
