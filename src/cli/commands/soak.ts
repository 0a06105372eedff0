// `npm run soak -- --duration 5m`: a mixed read/write workload against the API, started in a
// process of its own on a fresh database, with its memory sampled every interval. Exits 1 when
// RSS keeps growing once the server has warmed up, 130 on Ctrl-C (with a partial report).
import { setTimeout as sleep } from 'node:timers/promises'
import { Client } from 'undici'
import { formatChange, formatInt } from '../../format.ts'
import { startServerProcess } from '../../harness/server-process.ts'
import { parseDuration } from '../../runner/duration.ts'
import { writeResult } from '../../runner/result-file.ts'
import { readMemory } from '../../soak/memory.ts'
import { formatElapsed, soakVerdict, verdictDefinition, type SoakSample, type SoakVerdict } from '../../soak/verdict.ts'
import { startWorkload, type WorkloadStats } from '../../soak/workload.ts'
import { ExitCode, interruptible, parseCommandArgs, positiveNumber, UsageError, type Command, type ExitCodeValue } from '../command.ts'

const seedCount = 100

export const command: Command = {
  summary: 'a mixed read/write workload for a while, memory every interval; exits 1 when RSS keeps growing',
  usage: `usage: npm run soak [-- options]

  --duration D      how long to run, k6 style: 30s, 5m, 1m30s (default 5m)
  --interval D      a sample of the server's memory every D (default 10s)
  --warmup D        the baseline is the first sample at or after D (default 1m)
  --connections N   connections, each looping through reads and writes without pause (default 10)
  --out FILE        the samples as JSON (default results/soak.json)

  Starts the API in a process of its own on a fresh database, reads its RSS from /proc/<pid>/status
  and its heap used from its /metrics. Exits 0 when RSS grew less than 10 % after the baseline,
  1 when it grew more (or the server died), 130 on Ctrl-C.`,
  run: soak
}

function seconds (name: string, text: string): number {
  let value: number
  try {
    value = parseDuration(text)
  } catch {
    throw new UsageError(`--${name} must be a duration such as 30s, 5m or 1m30s, got "${text}"`)
  }
  if (value <= 0) throw new UsageError(`--${name} must be longer than 0s, got "${text}"`)
  return value
}

const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1)
const columns = ['elapsed', 'RSS MB', 'heap MB', 'requests', 'errors', 'req/s']
const line = (cells: string[]): string => cells.map((cell) => cell.padStart(11)).join('')
const row = (s: SoakSample): string =>
  line([formatElapsed(s.elapsedSeconds), mb(s.rssBytes), mb(s.heapUsedBytes), formatInt(s.requests), formatInt(s.errors), s.requestsPerSecond.toFixed(0)])

function verdictLine (verdict: SoakVerdict, warmupSeconds: number): string {
  if (!verdict.judged) return `verdict: not judged, ${verdict.reason}`
  const { ok, growth, heapGrowth, baseline, peak } = verdict
  return `verdict: ${ok ? 'OK' : 'FAILED'}, RSS changed ${formatChange(growth)} after the warm-up of ${formatElapsed(warmupSeconds)} ` +
    `(${mb(baseline.rssBytes)} MB at ${formatElapsed(baseline.elapsedSeconds)}, highest later ${mb(peak.rssBytes)} MB at ${formatElapsed(peak.elapsedSeconds)}); ` +
    `heap used ${mb(baseline.heapUsedBytes)} MB at the baseline, at most ${formatChange(heapGrowth)} later (not judged)`
}

interface Run { samples: SoakSample[], stats: WorkloadStats, serverExited?: string }

/** Loads the server and samples it every interval until the duration is over, Ctrl-C or the server's exit. */
async function sampleUnderLoad (server: Awaited<ReturnType<typeof startServerProcess>>, options: { durationSeconds: number, intervalSeconds: number, connections: number }, signal: AbortSignal): Promise<Run> {
  const run: Run = { samples: [], stats: { requests: 0, errors: 0, errorKinds: new Map() } }
  // A Ctrl-C in a terminal reaches the server too: its exit is then no finding.
  const onExit = (code: number | null, exitSignal: NodeJS.Signals | null): void => {
    if (!signal.aborted) run.serverExited = `the server exited (${exitSignal ?? `code ${code}`}) during the soak`
  }
  server.child.once('exit', onExit)
  const memory = new Client(server.baseUrl)
  const workload = startWorkload({ baseUrl: server.baseUrl, connections: options.connections, seedCount })
  run.stats = workload.stats
  const started = performance.now()
  let previous = { seconds: 0, requests: 0 }
  try {
    for (let k = 1; ; k++) {
      const at = Math.min(k * options.intervalSeconds, options.durationSeconds)
      await sleep(started + at * 1000 - performance.now(), undefined, { signal }).catch(() => {})
      if (signal.aborted || run.serverExited !== undefined) break
      const now = (performance.now() - started) / 1000
      const { requests, errors } = workload.stats
      const reading = await readMemory(server.child.pid!, memory).catch((error: Error) => { run.serverExited ??= `memory could not be read: ${error.message}` })
      if (reading === undefined) break
      const sample = { elapsedSeconds: at, ...reading, requests, errors, requestsPerSecond: (requests - previous.requests) / (now - previous.seconds) }
      run.samples.push(sample)
      console.log(row(sample))
      previous = { seconds: now, requests }
      if (at >= options.durationSeconds) break
    }
  } finally {
    await workload.stop()
    await memory.close()
    server.child.off('exit', onExit)
  }
  return run
}

async function soak (args: string[]): Promise<ExitCodeValue> {
  const { values } = parseCommandArgs({
    args,
    options: {
      duration: { type: 'string', default: '5m' },
      interval: { type: 'string', default: '10s' },
      warmup: { type: 'string', default: '1m' },
      connections: { type: 'string', default: '10' },
      out: { type: 'string', default: 'results/soak.json' }
    }
  })
  const durationSeconds = seconds('duration', values.duration)
  const intervalSeconds = seconds('interval', values.interval)
  const warmupSeconds = seconds('warmup', values.warmup)
  const connections = Math.round(positiveNumber('connections', values.connections)!)
  const baselineAt = Math.ceil(warmupSeconds / intervalSeconds) * intervalSeconds
  if (baselineAt >= durationSeconds) {
    throw new UsageError(`--duration ${values.duration} leaves no sample after the baseline at ${formatElapsed(baselineAt)} (--warmup ${values.warmup}, --interval ${values.interval})`)
  }

  const server = await startServerProcess({ SEED_COUNT: String(seedCount), EVENTS_SEED_COUNT: '50000', SEED_SCENARIOS: 'true', METRICS: 'true' })
  console.log(`soak: ${connections} connections for ${formatElapsed(durationSeconds)} against ${server.baseUrl} (pid ${server.child.pid}, fresh database), a sample every ${formatElapsed(intervalSeconds)}\n`)
  console.log(line(columns))
  let outcome
  try {
    outcome = await interruptible((signal) => sampleUnderLoad(server, { durationSeconds, intervalSeconds, connections }, signal))
  } finally {
    await server.stop()
  }
  const { value: run, interrupted } = outcome
  const verdict = soakVerdict(run.samples, warmupSeconds)
  const kinds = [...run.stats.errorKinds].map(([kind, n]) => `${kind} ×${n}`).join(', ')
  console.log(`\nerrors: ${formatInt(run.stats.errors)} of ${formatInt(run.stats.requests)} requests${kinds === '' ? '' : ` (${kinds})`}`)
  if (run.serverExited !== undefined) console.log(run.serverExited)
  console.log(verdictLine(verdict, warmupSeconds))
  console.log(`definition: ${verdictDefinition(warmupSeconds)}`)
  writeResult(values.out, {
    options: { connections, durationSeconds, intervalSeconds, warmupSeconds },
    aborted: interrupted,
    serverExited: run.serverExited ?? null,
    errors: { count: run.stats.errors, of: run.stats.requests, kinds: Object.fromEntries(run.stats.errorKinds) },
    samples: run.samples,
    verdict,
    definition: verdictDefinition(warmupSeconds)
  })
  console.log(`samples written to ${values.out}${interrupted ? ' (marked aborted: the run was interrupted)' : ''}`)
  if (interrupted) return ExitCode.aborted
  return run.serverExited === undefined && verdict.judged && verdict.ok ? ExitCode.ok : ExitCode.failed
}
