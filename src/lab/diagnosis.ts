// Turns a route's measurements into one verdict: the dominant cause, the evidence and the
// file:line of the culprit. An ordered table of detectors, each reading only what the agent
// measured (never route names), so it works on bottlenecks and services it has not seen.
import type { CpuReport, RouteReport, StatementReport, TimeParts, WaitKind, WaitReport } from '../agent/protocol.ts'
import { formatBytes as bytes, formatInt as int, formatMs as ms } from '../format.ts'

export type Cause =
  | 'large-payload' | 'sequential-outbound' | 'slow-outbound' | 'n-plus-one' | 'slow-query'
  | 'connection-pool' | 'requests-wait-for-each-other' | 'timer' | 'file-io' | 'stream-io'
  | 'event-loop-blocked' | 'gc-pressure' | 'none' | 'unexplained'

export interface RouteEvidence {
  route: RouteReport
  cpu: CpuReport
  thresholdsPassed: boolean
  bystander?: { route: string, baselineP95Ms: number, loadedP95Ms: number }
}

export interface Diagnosis {
  cause: Cause
  verdict: string
  culprit?: string
  evidence: string[]
}

/** A route's averages per request (milliseconds, bytes, counts). */
export interface PerRequest extends TimeParts {
  wall: number
  afterResponseCpu: number
  bytes: number
  statements: number
  calls: number
  sqlWall: number
  outboundWall: number
}

export function perRequest (route: RouteReport): PerRequest {
  const n = Math.max(1, route.requests)
  const count = (items: Array<{ count: number }>): number => items.reduce((sum, item) => sum + item.count, 0) / n
  return {
    wall: route.wallMs / n,
    cpu: route.parts.cpu / n,
    sql: route.parts.sql / n,
    outbound: route.parts.outbound / n,
    wait: route.parts.wait / n,
    afterResponseCpu: route.afterResponseCpuMs / n,
    bytes: route.responseBytes / n,
    statements: count(route.statements),
    calls: count(route.calls),
    sqlWall: route.sqlWallMs / n,
    outboundWall: route.outboundWallMs / n
  }
}

/** Responses at least this large are a cause in themselves (serialization, transfer, memory). */
export const LARGE_PAYLOAD_BYTES = 512 * 1024
/** A statement run this many times per request is an N+1, not a query the page needs. */
const REPEATED_STATEMENT = 5
/** A cause must cost at least this much per request to be named; below it nothing dominates. */
export const SIGNIFICANT_MS = 5
/** A full scan costing this much per execution is named even below SIGNIFICANT_MS when it dominates
 *  its request: its cost grows with the table, so today's few milliseconds are tomorrow's seconds. */
const FULL_SCAN_MS = 1
/** Garbage collection above this share of busy CPU, with this much allocated per request, is memory pressure. */
const GC_SHARE = 0.2
const ALLOCATED_PER_REQUEST = 4 * 1024 * 1024

const shortSql = (sql: string): string => sql.length > 90 ? `${sql.slice(0, 87)}...` : sql
const where = (site: readonly string[]): string => site.length > 1 ? `${site[0]} (called from ${site.slice(1).join(' ← ')})` : site[0] ?? 'an unknown place'
const waitNames: Record<WaitKind, string> = {
  timer: 'a timer',
  'other-request': 'other requests',
  pool: 'a connection from a pool',
  file: 'file system I/O',
  stream: 'stream or socket I/O',
  'event-loop-busy': 'the event loop, busy with other work',
  unknown: 'something not identified'
}

interface Context {
  e: RouteEvidence
  r: PerRequest
  n: number
  evidence: string[]
  waitsOf: (kind: WaitKind) => number
  hot: CpuReport['hotLines'][number] | undefined
  dominant: (partMs: number, share?: number) => boolean
}

type Detector = (c: Context) => Diagnosis | undefined

const largePayload: Detector = ({ e, r, evidence, hot }) => {
  if (r.bytes < LARGE_PAYLOAD_BYTES) return undefined
  const biggest = e.route.statements[0]
  return {
    cause: 'large-payload',
    verdict: `large payload or serialization: ${bytes(r.bytes)} per response; ${ms(r.wall)} per request (CPU ${ms(r.cpu)}, SQL ${ms(r.sql)})`,
    culprit: biggest?.site[0] ?? hot?.location,
    evidence: [...evidence, ...(biggest === undefined ? [] : [`the rows come from \`${shortSql(biggest.sql)}\` at ${where(biggest.site)}`])]
  }
}

const outbound: Detector = ({ e, r, evidence, dominant }) => {
  if (!dominant(r.outbound) || r.calls === 0) return undefined
  const call = e.route.calls[0]
  const most = Math.max(...e.route.calls.map((c) => c.maxConcurrency))
  const sequential = r.calls >= 2 && most <= 1
  return {
    cause: sequential ? 'sequential-outbound' : 'slow-outbound',
    verdict: sequential
      ? `sequential outbound calls: ${int(r.calls)} per request × ${ms(r.outboundWall / r.calls)} = ${ms(r.outboundWall)} of ${ms(r.wall)}, never more than one in flight`
      : `slow outbound calls: ${r.calls.toFixed(1)} per request, in flight for ${ms(r.outboundWall)} of ${ms(r.wall)} (up to ${most} at once)`,
    culprit: call?.site[0],
    evidence: [...evidence, ...(call === undefined ? [] : [`calls to "${call.target}" are awaited at ${where(call.site)}`])]
  }
}

function plainScan (plan: readonly string[]): string | undefined {
  return plan.find((step) => (/^SCAN\b/.test(step) && !/USING (COVERING )?INDEX/.test(step)) || /^(Parallel )?Seq Scan\b/.test(step))
}

/** What a statement's full scan costs per execution: the scan step's own time when the plan gives
 *  it (PostgreSQL's EXPLAIN ANALYZE), else the whole statement's (SQLite); 0 without a full scan. */
function scanCost (statement: StatementReport): number {
  const scan = plainScan(statement.plan ?? [])
  if (scan === undefined) return 0
  const measured = /\(rows=\d+, ([\d.]+) ms\)/.exec(scan)
  return measured === null ? statement.totalMs / statement.count : Number(measured[1])
}

/** The statement a route runs most often, when it runs ≥ REPEATED_STATEMENT times per request: an N+1. */
function repeatedStatement (route: RouteReport, n: number): StatementReport | undefined {
  const repeated = [...route.statements].sort((a, b) => b.count - a.count)[0]
  return repeated !== undefined && repeated.count / n >= REPEATED_STATEMENT ? repeated : undefined
}

const database: Detector = ({ e, r, n, evidence, waitsOf, dominant, hot }) => {
  const pool = waitsOf('pool')
  if (e.route.statements.length === 0) return undefined
  const repeated = repeatedStatement(e.route, n)
  // On an embedded database, issuing statements is CPU work (building and running them): when the
  // hottest line is the one issuing the repeated statement, that CPU is the N+1's cost too.
  const issuing = repeated !== undefined && hot !== undefined && (repeated.sites ?? repeated.site).includes(hot.location) ? r.cpu : 0
  const slowest = e.route.statements[0]!
  const growingScan = repeated === undefined && scanCost(slowest) >= FULL_SCAN_MS && slowest.totalMs / n >= 0.5 * r.wall
  if (!dominant(r.sql + pool + issuing) && !growingScan) return undefined
  const db = `database ${ms(r.sql + pool)}${issuing > 0 ? ` and ${ms(issuing)} of CPU issuing the statements` : ''} of ${ms(r.wall)}${pool >= 1 ? ` (${ms(pool)} of it waiting for a connection)` : ''}`
  if (repeated !== undefined) {
    const parallel = repeated.maxConcurrency > 1
      ? [`up to ${repeated.maxConcurrency} of them run at once: ${int(r.statements)} statements per request summing ${ms(e.route.statements.reduce((s, st) => s + st.totalMs, 0) / n)}, at least one running for ${ms(r.sqlWall)} of ${ms(r.wall)}`]
      : []
    return {
      cause: 'n-plus-one',
      verdict: `N+1 queries: ${int(r.statements)} statements per request, ${int(repeated.count / n)} of them the same \`${shortSql(repeated.sql)}\` with different parameters; ${db}`,
      culprit: repeated.site[0],
      evidence: [...evidence, ...parallel, `the repeated statement is issued at ${where(repeated.site)}`, `${ms(repeated.totalMs / repeated.count)} per execution`]
    }
  }
  // Waiting for a connection while statements are themselves quick: the pool is too small. (On a
  // synchronous driver the wait is for the slow statements of others: then they are the cause.)
  if (pool > r.sql && slowest.totalMs / slowest.count < SIGNIFICANT_MS) {
    const site = e.route.waits.find((w) => w.kind === 'pool')?.site ?? []
    return {
      cause: 'connection-pool',
      verdict: `waiting for a database connection: ${ms(pool)} per request${site.length === 0 ? '' : ` at ${where(site)}`}; in flight ${e.route.meanInFlight.toFixed(1)} requests on average`,
      culprit: site[0] ?? e.route.statements[0]?.site[0],
      evidence
    }
  }
  const scan = plainScan(slowest.plan ?? [])
  return {
    cause: 'slow-query',
    verdict: `slow query${scan === undefined ? '' : ' / full scan'}: \`${shortSql(slowest.sql)}\` takes ${ms(slowest.totalMs / slowest.count)} per execution; ${db}`,
    culprit: slowest.site[0],
    evidence: [...evidence, `issued at ${where(slowest.site)}`, ...(slowest.plan === undefined || slowest.plan.length === 0 ? [] : [`query plan: ${slowest.plan.join(' | ')}`])]
  }
}

const synchronous: Detector = ({ e, r, n, evidence, waitsOf, hot, dominant }) => {
  if (!dominant(r.cpu + waitsOf('event-loop-busy'))) return undefined
  const gcShare = e.cpu.busyMs > 0 ? e.cpu.gcMs / e.cpu.busyMs : 0
  const allocated = e.cpu.allocatedBytes / n
  const hotText = hot === undefined ? [] : [`hottest line: ${hot.location} in ${hot.functionName} (${hot.percent.toFixed(0)}% of busy CPU${hot.via === undefined ? '' : `, inside ${hot.via}`})`]
  if (gcShare >= GC_SHARE && allocated >= ALLOCATED_PER_REQUEST) {
    const top = e.cpu.allocations[0]
    return {
      cause: 'gc-pressure',
      verdict: `memory pressure: ${bytes(allocated)} allocated per request, and garbage collection takes ${(100 * gcShare).toFixed(0)}% of the CPU (about ${ms(r.cpu)} of CPU per ${ms(r.wall)} request)`,
      culprit: hot?.location ?? top?.location,
      evidence: [...evidence, ...hotText, ...(top === undefined ? [] : [`most allocated in ${top.functionName} at ${top.location}: ${bytes(top.bytes / n)} per request`])]
    }
  }
  const b = e.bystander
  const collateral = b !== undefined && b.loadedP95Ms > Math.max(50, 5 * b.baselineP95Ms)
  return {
    cause: 'event-loop-blocked',
    verdict: `event loop blocked by synchronous CPU work: about ${ms(r.cpu)} of CPU per ${ms(r.wall)} request${collateral ? `; ${b.route} slowed from ${ms(b.baselineP95Ms)} to ${ms(b.loadedP95Ms)} p95` : ''}`,
    culprit: hot?.location,
    evidence: [...evidence, ...hotText]
  }
}

const waiting: Detector = ({ e, r, n, evidence, dominant }) => {
  if (!dominant(r.wait)) return undefined
  const groups = new Map<string, WaitReport>()
  for (const wait of e.route.waits) {
    if (wait.kind === 'event-loop-busy' || wait.kind === 'unknown') continue
    const id = `${wait.kind} ${wait.site[0] ?? ''}`
    const group = groups.get(id) ?? { ...wait, totalMs: 0, count: 0 }
    group.totalMs += wait.totalMs
    group.count += wait.count
    groups.set(id, group)
  }
  const top = [...groups.values()].sort((a, b) => b.totalMs - a.totalMs)[0]
  if (top === undefined || top.totalMs / n < 0.4 * r.wall) return undefined
  const each = ms(top.totalMs / n)
  const at = top.site.length === 0 ? '' : ` at ${where(top.site)}`
  const verdicts: Partial<Record<WaitKind, [Cause, string]>> = {
    'other-request': ['requests-wait-for-each-other', `requests wait for each other: ${each} per request${at}; in flight ${e.route.meanInFlight.toFixed(1)}, running ${Math.max(0, e.route.meanInFlight - top.totalMs / e.cpu.windowMs).toFixed(1)}`],
    pool: ['connection-pool', `waiting for a connection from a pool: ${each} per request${at}; in flight ${e.route.meanInFlight.toFixed(1)}`],
    timer: ['timer', `waiting on a timer: ${each} per request${at} (${(top.count / n).toFixed(1)} waits per request)`],
    file: ['file-io', `waiting on file system I/O: ${each} per request${at}`],
    stream: ['stream-io', `waiting on stream or socket I/O: ${each} per request${at}`]
  }
  const [cause, verdict] = verdicts[top.kind]!
  return { cause, verdict, culprit: top.site[0], evidence }
}

/** Checked in this order; the first that recognises the route names its cause. */
export const detectors: ReadonlyArray<[string, Detector]> = [
  ['large payload', largePayload],
  ['outbound calls', outbound],
  ['database', database],
  ['synchronous CPU', synchronous],
  ['waiting', waiting]
]

function breakdown (r: PerRequest): string {
  return `per request: ${ms(r.wall)} = CPU ${ms(r.cpu)} + SQL ${ms(r.sql)} (${r.statements.toFixed(1)} statements) + outbound ${ms(r.outbound)} (${r.calls.toFixed(1)} calls) + waiting ${ms(r.wait)}; response ${bytes(r.bytes)}`
}

function evidenceOf (e: RouteEvidence, r: PerRequest, n: number): string[] {
  const lines = [breakdown(r)]
  if (r.afterResponseCpu >= 1) lines.push(`and ${ms(r.afterResponseCpu)} of CPU per request after its response was sent (not in its latency)`)
  const waits = e.route.waits.filter((w) => w.totalMs / n >= 0.5).slice(0, 3)
  if (waits.length > 0) lines.push(`waiting on: ${waits.map((w) => `${waitNames[w.kind]} ${ms(w.totalMs / n)}${w.site[0] === undefined ? '' : ` at ${w.site[0]}`}`).join('; ')}`)
  const cpu = e.cpu
  lines.push(`CPU busy ${ms(cpu.busyMs)} of the ${ms(cpu.windowMs)} window (${((100 * cpu.busyMs) / Math.max(1, cpu.windowMs)).toFixed(0)}%), garbage collection ${((100 * cpu.gcMs) / Math.max(1, cpu.busyMs)).toFixed(0)}% of it; ${bytes(cpu.allocatedBytes / n)} allocated per request`)
  const b = e.bystander
  if (b !== undefined) lines.push(`bystander ${b.route}: p95 ${ms(b.baselineP95Ms)} alone, ${ms(b.loadedP95Ms)} while this route was loaded`)
  return lines
}

/** Worth knowing even when cheap here: patterns that cost more elsewhere. */
function notes (route: RouteReport, n: number): string[] {
  const found: string[] = []
  const repeated = repeatedStatement(route, n)
  if (repeated !== undefined) {
    found.push(`note: \`${shortSql(repeated.sql)}\` runs ${int(repeated.count / n)}× per request at ${where(repeated.site)}: an N+1 pattern, cheap on an embedded database, costly one network hop away`)
  }
  const costliest: StatementReport | undefined = route.statements[0]
  if (costliest?.plan !== undefined && costliest.plan.length > 0) found.push(`query plan of \`${shortSql(costliest.sql)}\`: ${costliest.plan.join(' | ')}`)
  return found
}

export function diagnose (e: RouteEvidence): Diagnosis {
  const r = perRequest(e.route)
  const n = Math.max(1, e.route.requests)
  const context: Context = {
    e,
    r,
    n,
    evidence: evidenceOf(e, r, n),
    waitsOf: (kind) => e.route.waits.filter((w) => w.kind === kind).reduce((sum, w) => sum + w.totalMs, 0) / n,
    hot: e.cpu.hotLines[0],
    dominant: (partMs, share = 0.5) => partMs >= SIGNIFICANT_MS && partMs >= share * r.wall
  }
  for (const [, detect] of detectors) {
    const diagnosis = detect(context)
    if (diagnosis !== undefined) return diagnosis
  }
  const parts = `${ms(r.wall)} per request (CPU ${ms(r.cpu)}, SQL ${ms(r.sql)}, outbound ${ms(r.outbound)}, waiting ${ms(r.wait)})`
  if (!e.thresholdsPassed) {
    return { cause: 'unexplained', verdict: `thresholds crossed, but no single cause dominates: ${parts}`, culprit: context.hot?.location, evidence: [...context.evidence, ...notes(e.route, n)] }
  }
  return { cause: 'none', verdict: `no dominant bottleneck: ${parts}`, evidence: [...context.evidence, ...notes(e.route, n)] }
}
