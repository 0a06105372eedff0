// The command line says what happened: distinct exit codes, one-line errors, usage on --help,
// partial results on Ctrl-C, no temporary files left behind, and no idle wait after the work.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { ExitCode } from '../src/cli/command.ts'

interface Run { code: number | null, stdout: string, stderr: string, ms: number }

/** Runs `tsx src/cli/index.ts ...args`; `interruptAfterMs` sends SIGINT, as Ctrl-C would. */
async function cli (args: string[], { env = {}, interruptAfterMs }: { env?: Record<string, string>, interruptAfterMs?: number } = {}): Promise<Run> {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  if (interruptAfterMs !== undefined) setTimeout(() => child.kill('SIGINT'), interruptAfterMs).unref()
  const [code] = await once(child, 'exit') as [number | null]
  return { code, stdout, stderr, ms: performance.now() - started }
}

/** A stand-in for the API: answers every request with an empty JSON list after `delayMs`. */
async function stubServer (t: { after: (fn: () => void) => void }, delayMs = 0): Promise<string> {
  const server = createServer((_req, res) => setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'), delayMs))
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.after(() => server.close())
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

function scratch (t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-cli-test-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

describe('command line', () => {
  it('prints usage and exits 0 on --help, for every command', async () => {
    for (const command of ['load', 'gate', 'compare', 'bench', 'lab', 'seed', 'migrate', 'migrate:down', 'scenario-env']) {
      const run = await cli([command, '--help'])
      assert.equal(run.code, ExitCode.ok, `${command} --help exited ${run.code}: ${run.stderr}`)
      assert.match(run.stdout, /^usage: /, command)
    }
    const overview = await cli(['--help'])
    assert.equal(overview.code, ExitCode.ok)
    assert.match(overview.stdout, /load .*\n.*gate/s)
  })

  it('runs as the `baseplate` bin from any folder', async (t) => {
    const dir = scratch(t)
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/baseplate.mjs'), 'lab', '--help'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    const [code] = await once(child, 'exit')
    assert.equal(code, ExitCode.ok)
    assert.match(stdout, /--cmd "COMMAND"/)
  })

  it('bench: the twin answers byte for byte, every route is a ratio of its twin with its CPU per request, and the figures are written', async (t) => {
    const dir = scratch(t)
    const child = spawn(process.execPath, [join(process.cwd(), 'bin/baseplate.mjs'), 'bench', '--duration', '0.3', '--rounds', '1'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const [code] = await once(child, 'exit')
    assert.equal(code, ExitCode.ok, output)
    const written = JSON.parse(readFileSync(join(dir, 'results/bench.json'), 'utf8')) as { rows: Array<{ route: string, server: string, requestsPerSecond: number, ratioToTwin: number, cpuUsPerRequest?: number }> }
    assert.deepEqual(written.rows.map((row) => `${row.route} on ${row.server}`), [
      'GET /api/posts/v2/fast on twin', 'GET /api/posts/v2/fast on Baseplate', 'GET /api/posts/v2/fast on Baseplate, instrumentation off', 'GET /api/posts/v2/fast on node:http, the body from memory',
      'GET /api/posts?limit=100 on twin', 'GET /api/posts?limit=100 on Baseplate', 'GET /api/posts/:id on twin', 'GET /api/posts/:id on Baseplate'
    ])
    for (const row of written.rows) {
      assert.ok(row.requestsPerSecond > 0 && row.ratioToTwin > 0, `${row.route} on ${row.server}`)
      if (row.server === 'twin') assert.equal(row.ratioToTwin, 1)
      assert.ok(row.cpuUsPerRequest! > 0, `${row.route} on ${row.server}: no CPU per request`)
    }
    assert.match(output, /\| GET \/api\/posts\/v2\/fast \| twin \| \d+ \| .* µs \| 1\.00× \|/)
    assert.match(output, /instrumentation .* on v2\/fast: CPU per request (?:[+-]\d+\.\d|0\.0) %, req\/s (?:[+-]\d+\.\d|0\.0) %\n/)
  })

  it('exits 2 with one line on bad usage', async () => {
    for (const args of [['load', '--bogus'], ['load', 'sequential-awaits'], ['load', 'no-such-scenario', 'slow'], ['load', 'sequential-awaits', 'slow', '--duration', '-3'], ['lab', '--shape', 'huge'], ['frobnicate']]) {
      const run = await cli(args)
      assert.equal(run.code, ExitCode.usage, `${args.join(' ')} exited ${run.code}`)
      assert.equal(run.stderr.trim().split('\n').length, 1, `${args.join(' ')}: ${run.stderr}`)
    }
  })

  it('exits 3, naming the address and ECONNREFUSED, when nothing listens on the target', async (t) => {
    const dir = scratch(t)
    const run = await cli(['load', 'sequential-awaits', 'fast', '--quick', '--base-url', 'http://127.0.0.1:1', '--out', join(dir, 'r.json')])
    assert.equal(run.code, ExitCode.unreachable)
    assert.match(run.stderr, /cannot reach http:\/\/127\.0\.0\.1:1: ECONNREFUSED \(connection refused/)
    assert.deepEqual(readdirSync(dir), [], 'no result file for a run that never started')
  })

  it('ends when the work ends: a 6 s quick run takes no idle seconds after it', async (t) => {
    const baseUrl = await stubServer(t)
    const dir = scratch(t)
    const run = await cli(['load', 'sequential-awaits', 'fast', '--quick', '--base-url', baseUrl, '--out', join(dir, 'r.json')])
    assert.equal(run.code, ExitCode.ok, run.stderr)
    assert.ok(run.ms < 6000 + 3000, `took ${Math.round(run.ms)} ms for a 6 s shape`)
  })

  it('on Ctrl-C prints the partial summary, writes the result marked aborted, and exits 130', async (t) => {
    const baseUrl = await stubServer(t, 50)
    const dir = scratch(t)
    const out = join(dir, 'interrupted.json')
    const run = await cli(['load', 'sequential-awaits', 'slow', '--base-url', baseUrl, '--out', out], { interruptAfterMs: 3000 })
    assert.equal(run.code, ExitCode.aborted)
    assert.match(run.stdout, /INTERRUPTED/)
    const result = JSON.parse(readFileSync(out, 'utf8')) as { aborted: boolean, requests: number, passed: boolean }
    assert.equal(result.aborted, true)
    assert.equal(result.passed, false)
    assert.ok(result.requests > 0)
  })

  it('compare exits 2 with one line for a missing or malformed file', async (t) => {
    const dir = scratch(t)
    writeFileSync(join(dir, 'broken.json'), '{ not json')
    writeFileSync(join(dir, 'other.json'), '{"tool":"k6"}')
    for (const [a, b, pattern] of [
      [join(dir, 'missing.json'), join(dir, 'broken.json'), /missing\.json: no such file/],
      [join(dir, 'broken.json'), join(dir, 'broken.json'), /broken\.json: not JSON/],
      [join(dir, 'other.json'), join(dir, 'other.json'), /other\.json: not a result of the Node runner/]
    ] as const) {
      const run = await cli(['compare', a, b])
      assert.equal(run.code, ExitCode.usage)
      assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr)
      assert.match(run.stderr, pattern)
    }
  })

  it('the lab removes its temporary files when interrupted', async (t) => {
    const dir = scratch(t)
    const run = await cli(['lab', '--out', join(dir, 'report')], { env: { TMPDIR: dir }, interruptAfterMs: 8000 })
    assert.equal(run.code, ExitCode.aborted, run.stderr)
    await sleep(200)
    // (tsx keeps its compile cache there too: that one is not ours.)
    assert.deepEqual(readdirSync(dir).filter((name) => name !== 'report' && !name.startsWith('tsx-')), [], 'temporary files left behind')
  })
})
