// `npm run bench`: how close the fixed endpoints come to what Node.js can do on this machine.
// In one run and at the same connection count, loads a bare node:http server (the ceiling)
// and the API's fast routes, and reports each as a ratio of the ceiling. Reports; never fails.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatMs } from '../../format.ts'
import { forkServer, startServerProcess } from '../../harness/server-process.ts'
import { createProgress } from '../../runner/progress.ts'
import { writeResult } from '../../runner/result-file.ts'
import { runLoad, type LoadRunResult } from '../../runner/run.ts'
import { ExitCode, parseCommandArgs, positiveNumber, type Command } from '../command.ts'

const ceilingEntry = fileURLToPath(new URL('../../harness/ceiling-server.ts', import.meta.url))

export function formatBench (rows: Array<{ name: string, result: LoadRunResult }>, ceilingRps: number): string {
  const lines = [
    '| target | req/s | p50 | p99 | vs ceiling |',
    '|---|---:|---:|---:|---:|'
  ]
  for (const { name, result } of rows) {
    const ratio = result.requestsPerSecond / ceilingRps
    lines.push(`| ${name} | ${result.requestsPerSecond.toFixed(0)} | ${formatMs(result.latency.medMs)} | ${formatMs(result.latency.p99Ms)} | ${(ratio * 100).toFixed(0)}% |`)
  }
  return lines.join('\n')
}

export const command: Command = {
  summary: 'the fast routes against a bare node:http server, in one run; reports, never fails',
  usage: `usage: npm run bench [-- options]

  --connections N   closed-loop connections (default 10)
  --duration S      seconds per round and target (default 3)
  --rounds N        interleaved rounds; the median round is kept (default 3)`,
  run: bench
}

async function bench (args: string[]): Promise<typeof ExitCode.ok> {
  const { values } = parseCommandArgs({
    args,
    options: { connections: { type: 'string', default: '10' }, duration: { type: 'string', default: '3' }, rounds: { type: 'string', default: '3' } }
  })
  const connections = Math.round(positiveNumber('connections', values.connections)!)
  const durationSeconds = positiveNumber('duration', values.duration)!
  const rounds = Math.round(positiveNumber('rounds', values.rounds)!)
  const app = await startServerProcess()
  // The same app without per-request instrumentation, to measure what the instrumentation costs.
  const bare = await startServerProcess({ REQUEST_PROFILING: 'false' })
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-bench-'))
  const progress = createProgress()
  try {
    const body = Buffer.from(await (await fetch(`${app.baseUrl}/api/posts/v2/fast`)).arrayBuffer())
    writeFileSync(join(dir, 'body.json'), body)
    const ceiling = await forkServer(ceilingEntry, { args: [join(dir, 'body.json')] })
    const targets = [
      { name: 'node:http ceiling (same body)', baseUrl: ceiling.baseUrl, path: '/' },
      { name: 'GET /api/posts/v2/fast', baseUrl: app.baseUrl, path: '/api/posts/v2/fast' },
      { name: 'GET /api/posts/v2/fast, instrumentation off', baseUrl: bare.baseUrl, path: '/api/posts/v2/fast' },
      { name: 'GET /api/posts?limit=20', baseUrl: app.baseUrl, path: '/api/posts?limit=20' },
      { name: 'GET /api/posts/:id', baseUrl: app.baseUrl, path: '/api/posts/42' }
    ]
    const rows: Array<{ name: string, result: LoadRunResult }> = []
    try {
      const load = (target: typeof targets[number], seconds: number) => runLoad({
        label: target.name, baseUrl: target.baseUrl, path: target.path, checks: [], thresholds: {}, closedLoop: { connections, durationSeconds: seconds }
      }, progress.update)
      // A short warm-up lets the JIT settle; then rounds interleave the targets so that drift
      // in the machine's speed hits all of them alike, and each target keeps its median round.
      for (const target of targets) await load(target, 1)
      const runs = targets.map(() => [] as LoadRunResult[])
      for (let round = 0; round < rounds; round++) {
        for (const [i, target] of targets.entries()) runs[i]!.push(await load(target, durationSeconds))
      }
      progress.done()
      targets.forEach((target, i) => {
        const sorted = runs[i]!.sort((a, b) => a.requestsPerSecond - b.requestsPerSecond)
        rows.push({ name: target.name, result: sorted[Math.floor(sorted.length / 2)]! })
      })
    } finally {
      await ceiling.stop()
    }
    const ceilingRps = rows[0]!.result.requestsPerSecond
    const [instrumented, uninstrumented] = [rows[1]!.result.requestsPerSecond, rows[2]!.result.requestsPerSecond]
    console.log(`\nBenchmark: ${connections} connections, median of ${rounds} interleaved rounds of ${durationSeconds} s, ${body.length} B body for v2/fast and the ceiling\n`)
    console.log(formatBench(rows, ceilingRps))
    console.log(`\nper-request instrumentation (Server-Timing, request metrics, diagnostics hooks) costs ${((1 - instrumented / uninstrumented) * 100).toFixed(1)}% req/s on v2/fast`)
    writeResult('results/bench.json', rows.map(({ name, result }) => ({ name, requestsPerSecond: result.requestsPerSecond, latency: result.latency, ratioToCeiling: result.requestsPerSecond / ceilingRps })))
  } finally {
    await Promise.all([app.stop(), bare.stop()])
    rmSync(dir, { recursive: true, force: true })
  }
  return ExitCode.ok
}
