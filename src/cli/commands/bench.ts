// `npm run bench`: the API's read routes, from the production build, against a hand-written twin
// (node:http + better-sqlite3 + JSON.stringify over the same database file, same bodies, checked
// byte for byte), in interleaved rounds of one run. Every route is reported as a ratio of its
// twin, with the instrumentation's cost beside it. Reports; never fails on a slow number.
import { spawnSync } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFileSync, writeFileSync } from 'node:fs'
import { formatChange, formatMs } from '../../format.ts'
import { forkServer, startServerProcess, type ServerProcess } from '../../harness/server-process.ts'
import { temporaryDir } from '../../harness/temporary-dir.ts'
import { createProgress } from '../../runner/progress.ts'
import { writeResult } from '../../runner/result-file.ts'
import { runLoad, type LoadRunResult } from '../../runner/run.ts'
import { ExitCode, parseCommandArgs, positiveNumber, type Command } from '../command.ts'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const twinEntry = fileURLToPath(new URL('../../harness/twin-server.ts', import.meta.url))
const fixedBodyEntry = fileURLToPath(new URL('../../harness/fixed-body-server.ts', import.meta.url))

/** The routes measured, each on the API and on its twin. */
const routes = [
  { route: 'GET /api/posts/v2/fast', path: '/api/posts/v2/fast' },
  { route: 'GET /api/posts?limit=100', path: '/api/posts?limit=100' },
  { route: 'GET /api/posts/:id', path: '/api/posts/42' }
]

export interface BenchRow {
  route: string
  server: string
  result: LoadRunResult
  /** req/s as a ratio of the twin's for the same route, in the same run. */
  ratio: number
  /** The server's CPU time (user + system, all threads) per request served, when /proc tells. */
  cpuUsPerRequest?: number
}

/** A measured run: its result, and the CPU its server spent on it. */
interface Round { result: LoadRunResult, cpuUs?: number }

const ratioText = (ratio: number): string => `${ratio.toFixed(2)}×`

export function formatBench (rows: BenchRow[]): string {
  const lines = [
    '| route | server | req/s | p50 | p99 | CPU per request | vs twin |',
    '|---|---|---:|---:|---:|---:|---:|'
  ]
  let previous = ''
  for (const { route, server, result, ratio, cpuUsPerRequest } of rows) {
    const cpu = cpuUsPerRequest === undefined ? '–' : `${cpuUsPerRequest.toFixed(0)} µs`
    lines.push(`| ${route === previous ? '' : route} | ${server} | ${result.requestsPerSecond.toFixed(0)} | ${formatMs(result.latency.medMs)} | ${formatMs(result.latency.p99Ms)} | ${cpu} | ${ratioText(ratio)} |`)
    previous = route
  }
  return lines.join('\n')
}

export const command: Command = {
  summary: 'the read routes, from the production build, against a hand-written node:http twin; reports, never fails',
  usage: `usage: npm run bench [-- options]

  --connections N   closed-loop connections (default 10)
  --duration S      seconds per round and target (default 3)
  --rounds N        interleaved rounds; the median round is kept (default 5)

Compiles the API (npm run build, into dist/) and starts it twice on one fresh SQLite
database file: as it ships, and with REQUEST_PROFILING=false. The twin serves the same routes from
the same file with node:http, better-sqlite3 and JSON.stringify; a node:http server sending the
v2/fast body from memory shows what is left without a database or JSON. With two or more CPUs
the servers run on one core and the load generator on another (taskset).`,
  run: bench
}

/** Pins a process and all its threads to one CPU (taskset). */
const pin = (pid: number, cpu: number): boolean =>
  spawnSync('taskset', ['--all-tasks', '--cpu-list', '--pid', String(cpu), String(pid)], { stdio: 'ignore' }).status === 0

const clockTicks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100

/** CPU time (µs, user + system, every thread) a process has used so far; undefined without /proc. */
function cpuUsOf (pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis):
    // state is field 3, utime 14 and stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / clockTicks * 1e6
  } catch {
    return undefined
  }
}

/** The twin must answer exactly what the API answers, or the ratio compares different work. */
async function assertSameAnswers (api: string, twin: string, path: string): Promise<void> {
  const [a, b] = await Promise.all([fetch(`${api}${path}`), fetch(`${twin}${path}`)])
  const [bodyA, bodyB] = await Promise.all([a.arrayBuffer(), b.arrayBuffer()])
  const same = a.status === 200 && b.status === 200 && Buffer.from(bodyA).equals(Buffer.from(bodyB)) &&
    a.headers.get('content-type') === b.headers.get('content-type') && a.headers.get('link') === b.headers.get('link')
  if (!same) throw new Error(`the twin does not answer ${path} byte for byte as the API does: the benchmark would compare different work`)
}

async function bench (args: string[]): Promise<typeof ExitCode.ok> {
  const { values } = parseCommandArgs({
    args,
    options: { connections: { type: 'string', default: '10' }, duration: { type: 'string', default: '3' }, rounds: { type: 'string', default: '5' } }
  })
  const connections = Math.round(positiveNumber('connections', values.connections)!)
  const durationSeconds = positiveNumber('duration', values.duration)!
  const rounds = Math.round(positiveNumber('rounds', values.rounds)!)
  const progress = createProgress()
  const scratch = temporaryDir('baseplate-bench-')
  const servers: ServerProcess[] = []
  try {
    progress.update('compiling the production build (npm run build)…')
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { encoding: 'utf8' })
    if (tsc.status !== 0) throw new Error(`npm run build failed:\n${tsc.stdout}${tsc.stderr}`)
    const entry = join(root, 'dist/src/server.js')
    // The twin reads SQLite, so the API does too here, whatever DATABASE_URL says.
    const api = await startServerProcess({}, { entry, databaseUrl: '' })
    servers.push(api)
    const bare = await startServerProcess({ REQUEST_PROFILING: 'false' }, { entry, databaseUrl: '' })
    servers.push(bare)
    const twin = await forkServer(twinEntry, { args: [api.databaseEnv.DATABASE_FILE!] })
    servers.push(twin)
    for (const { path } of routes) await assertSameAnswers(api.baseUrl, twin.baseUrl, path)
    const body = Buffer.from(await (await fetch(`${api.baseUrl}${routes[0]!.path}`)).arrayBuffer())
    writeFileSync(join(scratch.dir, 'body.json'), body)
    const fixedBody = await forkServer(fixedBodyEntry, { args: [join(scratch.dir, 'body.json')] })
    servers.push(fixedBody)
    // Checked before pinning: availableParallelism() counts the CPUs this process may run on.
    const pinned = availableParallelism() >= 2 && servers.every((server) => pin(server.child.pid!, 1)) && pin(process.pid, 0)

    const [fast, page, one] = routes as [typeof routes[0], typeof routes[0], typeof routes[0]]
    const targets = [
      { ...fast, server: 'twin', at: twin },
      { ...fast, server: 'Baseplate', at: api },
      { ...fast, server: 'Baseplate, instrumentation off', at: bare },
      { ...fast, server: 'node:http, the body from memory', at: fixedBody, path: '/' },
      { ...page, server: 'twin', at: twin },
      { ...page, server: 'Baseplate', at: api },
      { ...one, server: 'twin', at: twin },
      { ...one, server: 'Baseplate', at: api }
    ].map(({ at, ...target }) => ({ ...target, baseUrl: at.baseUrl, pid: at.child.pid! }))
    const load = async (target: typeof targets[number], seconds: number): Promise<Round> => {
      const before = cpuUsOf(target.pid)
      const result = await runLoad({
        label: `${target.route} on ${target.server}`, baseUrl: target.baseUrl, path: target.path, checks: [], thresholds: {}, closedLoop: { connections, durationSeconds: seconds }
      }, progress.update)
      const after = cpuUsOf(target.pid)
      return { result, cpuUs: before === undefined || after === undefined ? undefined : after - before }
    }
    // A warm-up lets the JIT settle; then rounds interleave the targets so that drift in the
    // machine's speed hits all of them alike, and each target keeps its median round.
    for (const target of targets) await load(target, Math.min(1, durationSeconds))
    const runs = targets.map(() => [] as Round[])
    for (let round = 0; round < rounds; round++) {
      for (const [i, target] of targets.entries()) runs[i]!.push(await load(target, durationSeconds))
    }
    progress.done()
    const median = <T>(values: T[], key: (value: T) => number): T => [...values].sort((a, b) => key(a) - key(b))[Math.floor(values.length / 2)]!
    const results = runs.map((ofTarget) => median(ofTarget, (run) => run.result.requestsPerSecond).result)
    const twinRps = (route: string): number => results[targets.findIndex((target) => target.route === route && target.server === 'twin')]!.requestsPerSecond
    const rows: BenchRow[] = targets.map((target, i) => ({
      route: target.route,
      server: target.server,
      result: results[i]!,
      ratio: results[i]!.requestsPerSecond / twinRps(target.route),
      cpuUsPerRequest: runs[i]!.every((run) => run.cpuUs !== undefined) ? median(runs[i]!.map((run) => run.cpuUs! / run.result.requests), (us) => us) : undefined
    }))
    const row = (route: string, server: string) => rows.find((r) => r.route === route && r.server === server)!
    const on = row(fast.route, 'Baseplate')
    const off = row(fast.route, 'Baseplate, instrumentation off')
    const instrumentationCost = 1 - on.result.requestsPerSecond / off.result.requestsPerSecond
    const instrumentationCpu = on.cpuUsPerRequest === undefined || off.cpuUsPerRequest === undefined ? undefined : on.cpuUsPerRequest / off.cpuUsPerRequest - 1

    console.log(`\nBenchmark: the production build on SQLite, ${connections} connections, median of ${rounds} interleaved rounds of ${durationSeconds} s` +
      `${pinned ? ', servers on CPU 1 and the load generator on CPU 0' : ''}; v2/fast sends ${body.length.toLocaleString('en-US')} B\n`)
    console.log(formatBench(rows))
    console.log('\ntwin: the same route hand-written on node:http + better-sqlite3 + JSON.stringify, over the same database file, byte-identical answers')
    console.log('per-request instrumentation (Server-Timing, request metrics, loop-stall and call-site hooks) on v2/fast: ' +
      `${instrumentationCpu === undefined ? '' : `CPU per request ${formatChange(instrumentationCpu)}, `}req/s ${formatChange(-instrumentationCost)}`)
    writeResult('results/bench.json', {
      node: process.version,
      connections,
      durationSeconds,
      rounds,
      pinned,
      instrumentationCost,
      instrumentationCpu,
      rows: rows.map(({ route, server, result, ratio, cpuUsPerRequest }) => ({ route, server, requestsPerSecond: result.requestsPerSecond, latency: result.latency, ratioToTwin: ratio, cpuUsPerRequest }))
    })
  } finally {
    progress.done()
    await Promise.all(servers.map((server) => server.stop()))
    scratch.remove()
  }
  return ExitCode.ok
}
