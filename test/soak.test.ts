// The soak: its verdict by the definition it prints (both ways), and the command end to end on
// a few seconds: a line per sample, a verdict that matches the exit code, the JSON, and Ctrl-C.
import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ExitCode } from '../src/cli/command.ts'
import { soakVerdict, type SoakSample } from '../src/soak/verdict.ts'

const MB = 1024 * 1024
const sample = (elapsedSeconds: number, rssMb: number, heapMb = 40): SoakSample =>
  ({ elapsedSeconds, rssBytes: rssMb * MB, heapUsedBytes: heapMb * MB, requests: 0, errors: 0, requestsPerSecond: 0 })

describe('soak verdict', () => {
  it('compares the highest later RSS with the first sample at or after the warm-up, ignoring the warm-up itself', () => {
    const verdict = soakVerdict([sample(10, 300), sample(60, 100), sample(70, 109), sample(80, 104)], 60)
    assert.ok(verdict.judged)
    assert.equal(verdict.ok, true)
    assert.equal(verdict.baseline.elapsedSeconds, 60)
    assert.equal(verdict.peak.elapsedSeconds, 70)
    assert.ok(Math.abs(verdict.growth - 0.09) < 1e-9)
  })

  it('fails at 10 % growth, heap growth alone never does', () => {
    const grown = soakVerdict([sample(60, 100), sample(70, 110)], 60)
    assert.ok(grown.judged && !grown.ok)
    const heapOnly = soakVerdict([sample(60, 100, 40), sample(70, 100, 80)], 60)
    assert.ok(heapOnly.judged && heapOnly.ok)
    assert.equal(heapOnly.heapGrowth, 1)
  })

  it('does not judge a run with no sample after the baseline', () => {
    assert.deepEqual(soakVerdict([sample(10, 100), sample(20, 100)], 60), { judged: false, reason: 'no sample at or after 1m00s yet' })
    assert.equal(soakVerdict([sample(60, 100)], 60).judged, false)
  })
})

/** Runs the soak command; `interruptOn` sends SIGINT (as Ctrl-C would) once stdout matches it. */
async function soak (args: string[], interruptOn?: RegExp): Promise<{ code: number | null, stdout: string, stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'soak', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  let interrupted = false
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString()
    // Once: a second Ctrl-C means "quit at once".
    if (!interrupted && interruptOn?.test(stdout) === true) interrupted = child.kill('SIGINT')
  })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const [code] = await once(child, 'exit') as [number | null]
  return { code, stdout, stderr }
}

function scratch (t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-soak-test-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const sampleLine = /^ +\d+s +\d+\.\d +\d+\.\d +[\d,]+ +[\d,]+ +\d+$/

describe('npm run soak', () => {
  it('prints a line per sample, the errors and a verdict that matches its exit code, and writes the samples', async (t) => {
    const out = join(scratch(t), 'soak.json')
    const run = await soak(['--duration', '4s', '--interval', '1s', '--warmup', '2s', '--connections', '2', '--out', out])
    const lines = run.stdout.split('\n')
    assert.ok(lines.some((l) => /^ +elapsed +RSS MB +heap MB +requests +errors +req\/s$/.test(l)), run.stdout)
    assert.deepEqual(lines.filter((l) => sampleLine.test(l)).map((l) => l.trim().split(/ +/)[0]), ['1s', '2s', '3s', '4s'])
    assert.match(run.stdout, /^errors: 0 of [\d,]+ requests$/m)
    const verdict = /^verdict: (OK|FAILED), RSS changed (?:[+-]\d+\.\d|0\.0) % after the warm-up of 2s \(/m.exec(run.stdout)
    assert.ok(verdict !== null, run.stdout + run.stderr)
    assert.equal(run.code, verdict[1] === 'OK' ? ExitCode.ok : ExitCode.failed)
    assert.match(run.stdout, /^definition: growth = \(highest RSS sampled after the baseline/m)
    const result = JSON.parse(readFileSync(out, 'utf8'))
    assert.deepEqual(result.samples.map((s: SoakSample) => s.elapsedSeconds), [1, 2, 3, 4])
    assert.ok(result.samples.every((s: SoakSample) => s.rssBytes > s.heapUsedBytes && s.heapUsedBytes > 0 && s.requests > 0))
    assert.deepEqual([result.aborted, result.serverExited, result.verdict.judged, result.errors.count], [false, null, true, 0])
  })

  it('stops on Ctrl-C with a partial report, marked aborted, and exit code 130', async (t) => {
    const out = join(scratch(t), 'soak.json')
    const run = await soak(['--duration', '2m', '--interval', '1s', '--connections', '1', '--out', out], /^ +elapsed .*$/m)
    assert.equal(run.code, ExitCode.aborted, run.stderr)
    assert.match(run.stdout, /^verdict: not judged, no sample at or after 1m00s yet$/m)
    assert.equal(JSON.parse(readFileSync(out, 'utf8')).aborted, true)
  })

  it('refuses a duration that leaves no sample after the warm-up, before starting anything', async () => {
    const run = await soak(['--duration', '30s'])
    assert.equal(run.code, ExitCode.usage)
    assert.match(run.stderr, /--duration 30s leaves no sample after the baseline at 1m00s/)
    assert.match((await soak(['--help'])).stdout, /^usage: npm run soak/)
  })
})
