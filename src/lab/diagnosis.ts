// Turns measurements into one verdict per route: the dominant cause, the evidence and the
// file:line of the culprit. Derived only from what was measured (per-request accounting, CPU
// profile, bystander latency), never from route names, so it works on bottlenecks it has not seen.
import { formatBytes as bytes, formatInt as int, formatMs as ms } from '../format.ts'
import type { CallStats, StatementStats } from '../instrumentation/request-context.ts'
import type { RouteSummary } from '../instrumentation/route-stats.ts'
import type { ProfileSummary } from './profile-summary.ts'

export type Cause =
  | 'sequential-outbound' | 'slow-outbound' | 'n-plus-one' | 'slow-query'
  | 'event-loop-blocked' | 'large-payload' | 'none' | 'unexplained'

export interface RouteEvidence {
  stats: RouteSummary & { statements: Array<StatementStats & { plan?: string[] }> }
  profile?: ProfileSummary
  /** Wall-clock length of the profiled load phase. */
  windowMs: number
  thresholdsPassed: boolean
  bystander?: { route: string, baselineP95Ms: number, loadedP95Ms: number }
}

export interface Diagnosis {
  cause: Cause
  verdict: string
  culprit?: string
  evidence: string[]
}

/** Responses at least this large are a cause in themselves (serialization, transfer, memory). */
export const LARGE_PAYLOAD_BYTES = 512 * 1024
/** A statement run this many times per request is an N+1, not a query the page needs. */
const REPEATED_STATEMENT = 5

const shortSql = (sql: string): string => sql.length > 90 ? `${sql.slice(0, 87)}...` : sql
const where = (site: string[]): string => site.length > 1 ? `${site[0]} (called from ${site.slice(1).join(' ← ')})` : site[0] ?? 'an unknown place'

/** A route's averages per request, from the server's own accounting (milliseconds, bytes). */
export interface PerRequest { total: number, db: number, queries: number, outbound: number, calls: number, blocked: number, bytes: number }

export function perRequest (stats: RouteSummary): PerRequest {
  const n = Math.max(1, stats.requests)
  return {
    total: stats.totalMs / n,
    db: stats.dbMs / n,
    queries: stats.dbCount / n,
    outbound: stats.outboundMs / n,
    calls: stats.outboundCount / n,
    blocked: stats.blockedMs / n,
    bytes: stats.responseBytes / n
  }
}

function breakdown (r: PerRequest): string {
  return `per request: total ${ms(r.total)}, db ${ms(r.db)} in ${r.queries.toFixed(1)} queries, ` +
    `outbound ${ms(r.outbound)} in ${r.calls.toFixed(1)} calls, event loop stalled ${ms(r.blocked)}, response ${bytes(r.bytes)}`
}

function hottestOwnFrame (profile: ProfileSummary | undefined): string | undefined {
  const frame = profile?.topOwn[0]
  if (frame === undefined) return undefined
  const via = frame.via === undefined ? '' : `, mostly inside ${frame.via}`
  return `${frame.functionName} at ${frame.location} (${frame.percent.toFixed(0)}% of busy CPU${via})`
}

function databaseCause (stats: RouteEvidence['stats'], r: PerRequest, evidence: string[]): Diagnosis {
  const n = Math.max(1, stats.requests)
  const mostRun = [...stats.statements].sort((a, b) => b.count - a.count)[0]
  if (mostRun !== undefined && mostRun.count / n >= REPEATED_STATEMENT) {
    const times = mostRun.count / n
    return {
      cause: 'n-plus-one',
      verdict: `N+1 queries: ${int(r.queries)} statements per request, ${int(times)} of them the same \`${shortSql(mostRun.sql)}\` with different parameters; db ${ms(r.db)} of ${ms(r.total)}`,
      culprit: mostRun.site[0],
      evidence: [...evidence, `the repeated statement is issued at ${where(mostRun.site)}`, `${ms(mostRun.totalMs / mostRun.count)} per execution`]
    }
  }
  const slowest = stats.statements[0]!
  const avg = slowest.totalMs / Math.max(1, slowest.count)
  const plan = slowest.plan ?? []
  const scan = plan.find((step) => /^SCAN\b/.test(step) && !/USING (COVERING )?INDEX/.test(step))
  return {
    cause: 'slow-query',
    verdict: `slow query${scan === undefined ? '' : ' / full scan'}: \`${shortSql(slowest.sql)}\` takes ${ms(avg)} per execution; db ${ms(r.db)} of ${ms(r.total)}`,
    culprit: slowest.site[0],
    evidence: [
      ...evidence,
      `issued at ${where(slowest.site)}`,
      ...(plan.length > 0 ? [`query plan: ${plan.join(' | ')}`] : [])
    ]
  }
}

/** A cause must cost at least this much per request to be named; below it nothing dominates. */
export const SIGNIFICANT_MS = 5

/** Patterns worth knowing even when they are cheap here (they will not be elsewhere). */
function notes (stats: RouteEvidence['stats']): string[] {
  const n = Math.max(1, stats.requests)
  const found: string[] = []
  const repeated = [...stats.statements].sort((a, b) => b.count - a.count)[0]
  if (repeated !== undefined && repeated.count / n >= REPEATED_STATEMENT) {
    found.push(`note: \`${shortSql(repeated.sql)}\` runs ${int(repeated.count / n)}× per request at ${where(repeated.site)}: an N+1 pattern, cheap on an embedded database, costly one network hop away`)
  }
  // The plan of the costliest statement, so a fixed route shows what its query does now.
  const costliest = stats.statements[0]
  if (costliest?.plan !== undefined && costliest.plan.length > 0) {
    found.push(`query plan of \`${shortSql(costliest.sql)}\`: ${costliest.plan.join(' | ')}`)
  }
  return found
}

export function diagnose (e: RouteEvidence): Diagnosis {
  const r = perRequest(e.stats)
  const evidence = [breakdown(r)]
  const cpu = e.profile === undefined ? 0 : e.profile.busyMs / Math.max(1, e.stats.requests)
  if (e.profile !== undefined) {
    evidence.push(`CPU busy ${ms(e.profile.busyMs)} of the ${ms(e.windowMs)} load phase (${((100 * e.profile.busyMs) / Math.max(1, e.windowMs)).toFixed(0)}%), about ${ms(cpu)} per request`)
  }
  const collateral = e.bystander !== undefined && e.bystander.loadedP95Ms > Math.max(50, 5 * e.bystander.baselineP95Ms)
  if (e.bystander !== undefined) {
    evidence.push(`bystander ${e.bystander.route}: p95 ${ms(e.bystander.baselineP95Ms)} alone, ${ms(e.bystander.loadedP95Ms)} while this route was loaded${collateral ? ' (collateral damage)' : ''}`)
  }
  if (e.stats.connectionWaitMs > 0.2 * e.stats.dbMs && e.stats.dbMs > 0) {
    evidence.push(`${ms(e.stats.connectionWaitMs / Math.max(1, e.stats.requests))} of the db time per request is waiting for a connection`)
  }
  const hot = hottestOwnFrame(e.profile)
  const dominant = (partMs: number, share: number): boolean => partMs >= SIGNIFICANT_MS && partMs >= share * r.total

  if (r.bytes >= LARGE_PAYLOAD_BYTES) {
    const biggest = e.stats.statements[0]
    return {
      cause: 'large-payload',
      verdict: `large payload or serialization: ${bytes(r.bytes)} per response; ${ms(r.total)} per request, event loop stalled ${ms(r.blocked)}`,
      culprit: biggest?.site[0] ?? e.profile?.topOwn[0]?.location,
      evidence: [...evidence, ...(biggest === undefined ? [] : [`the rows come from \`${shortSql(biggest.sql)}\` at ${where(biggest.site)}`]), ...(hot === undefined ? [] : [`hottest own frame: ${hot}`])]
    }
  }

  if (dominant(r.outbound, 0.5) && r.calls > 0) {
    const call: CallStats | undefined = e.stats.calls[0]
    const sequential = r.calls >= 2 && e.stats.maxOutboundConcurrency <= 1
    return {
      cause: sequential ? 'sequential-outbound' : 'slow-outbound',
      verdict: sequential
        ? `sequential outbound calls: ${int(r.calls)} per request × ${ms(r.outbound / r.calls)} = ${ms(r.outbound)} of ${ms(r.total)}, never more than one in flight`
        : `slow outbound calls: ${r.calls.toFixed(1)} per request, ${ms(r.outbound)} of ${ms(r.total)} (up to ${e.stats.maxOutboundConcurrency} in flight)`,
      culprit: call?.site[0],
      evidence: [...evidence, ...(call === undefined ? [] : [`calls to "${call.target}" are awaited at ${where(call.site)}`])]
    }
  }

  if (dominant(r.db, 0.5) && e.stats.statements.length > 0) return databaseCause(e.stats, r, evidence)

  // The event loop was busy or stuck. Synchronous SQL (SQLite) counts as db time; anything else
  // is CPU work in JavaScript (or in a synchronous native call it made).
  if (dominant(cpu, 0.5) || dominant(r.blocked, 0.3)) {
    if (e.profile !== undefined && e.stats.dbMs >= 0.5 * e.profile.busyMs && e.stats.statements.length > 0) {
      return databaseCause(e.stats, r, evidence)
    }
    return {
      cause: 'event-loop-blocked',
      verdict: `event loop blocked by synchronous CPU work: about ${ms(cpu)} of CPU per ${ms(r.total)} request, loop stalled ${ms(r.blocked)}${collateral ? `; ${e.bystander!.route} slowed from ${ms(e.bystander!.baselineP95Ms)} to ${ms(e.bystander!.loadedP95Ms)} p95` : ''}`,
      culprit: e.profile?.topOwn[0]?.location,
      evidence: [...evidence, ...(hot === undefined ? [] : [`hottest own frame: ${hot}`])]
    }
  }

  if (!e.thresholdsPassed) {
    return {
      cause: 'unexplained',
      verdict: `thresholds crossed, but no single cause dominates: ${breakdown(r)}`,
      culprit: e.profile?.topOwn[0]?.location,
      evidence: [...evidence, ...(hot === undefined ? [] : [`hottest own frame: ${hot}`]), ...notes(e.stats)]
    }
  }
  return {
    cause: 'none',
    verdict: `no dominant bottleneck: ${ms(r.total)} per request (db ${ms(r.db)}, outbound ${ms(r.outbound)}, event loop stalled ${ms(r.blocked)})`,
    evidence: [...evidence, ...notes(e.stats)]
  }
}
