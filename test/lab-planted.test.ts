// The lab on bottlenecks it has never seen: a plugin planted outside the repository (copied to a
// temporary folder, loaded with --plugin) with sixteen kinds of cost. For each route the lab must
// name the cause and the exact line marked `CULPRIT <route>` in the planted source.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Cause } from '../src/lab/diagnosis.ts'
import type { LabResult } from '../src/lab/lab-result.ts'
import { runLab } from '../src/lab/run.ts'
import { silentProgress } from '../src/runner/progress.ts'
import { scenarios } from '../src/scenarios/catalogue.ts'

const plantedSource = new URL('./fixtures/planted/planted-plugin.ts', import.meta.url)

const expected: Record<string, Cause> = {
  regex: 'event-loop-blocked',
  json: 'event-loop-blocked',
  crypto: 'event-loop-blocked',
  sort: 'event-loop-blocked',
  file: 'event-loop-blocked',
  http: 'sequential-outbound',
  fetch: 'sequential-outbound',
  queries: 'n-plus-one',
  'parallel-queries': 'n-plus-one',
  scan: 'slow-query',
  mutex: 'requests-wait-for-each-other',
  semaphore: 'requests-wait-for-each-other',
  garbage: 'gc-pressure',
  payload: 'large-payload',
  timer: 'timer',
  readfile: 'file-io'
}

describe('the lab on bottlenecks planted outside the repository', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-planted-'))
  const plugin = join(dir, 'planted.ts')
  const source = readFileSync(plantedSource, 'utf8').split('\n')
  const culpritLine = (route: string): number => source.findIndex((line) => line.endsWith(`// CULPRIT ${route}`)) + 1
  let result: LabResult

  before(async () => {
    copyFileSync(plantedSource, plugin)
    const scenario = scenarios['sequential-awaits']
    result = await runLab({
      title: 'planted',
      subjects: Object.keys(expected).map((route) => ({ role: 'target', path: `/planted/${route}` })),
      // Ten busy users: enough for requests to queue where they share something.
      shape: { stages: [{ duration: '500ms', target: 10 }, { duration: '2s', target: 10 }], thinkTimeSeconds: 0.02, gracefulStopSeconds: 5 },
      shapeName: 'test',
      checks: scenario.checks,
      thresholds: scenario.thresholds,
      bystander: '/',
      // Each statement pays a round trip, as against a database one network hop away.
      service: { kind: 'baseplate', env: { DB_LATENCY_MS: '2', PLUGINS: plugin } },
      outDir: join(dir, 'report')
    }, () => {}, silentProgress)
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('plants every kind with a marked line', () => {
    for (const route of Object.keys(expected)) assert.ok(culpritLine(route) > 0, route)
  })

  for (const [route, cause] of Object.entries(expected)) {
    it(`${route}: ${cause} at the marked line`, (t) => {
      const subject = result.subjects.find((s) => s.path === `/planted/${route}`)!
      t.diagnostic(`${subject.diagnosis.verdict.replaceAll(dir, '<planted>')} → ${subject.diagnosis.culprit?.replace(dir, '<planted>')}`)
      assert.equal(subject.diagnosis.cause, cause, subject.diagnosis.verdict)
      assert.equal(subject.diagnosis.culprit, `${plugin}:${culpritLine(route)}`, subject.diagnosis.verdict)
    })
  }

  it('explains a lock with the line that called it and how many requests run at once', () => {
    const { verdict } = result.subjects.find((s) => s.path === '/planted/semaphore')!.diagnosis
    assert.ok(verdict.includes(`(called from ${plugin}:`), verdict)
    const running = Number(/running ([\d.]+)$/.exec(verdict)?.[1])
    assert.ok(running > 1.5 && running < 2.5, verdict)
  })

  it('names the library function under a hot line', () => {
    const hot = result.subjects.find((s) => s.path === '/planted/crypto')!.cpu.hotLines[0]!
    assert.match(hot.via ?? '', /^pbkdf2Sync \(node:internal\/crypto\/pbkdf2:\d+\)$/)
  })
})
