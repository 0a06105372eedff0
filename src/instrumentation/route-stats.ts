// Per-route aggregates of request accounts, with the SQL and call sites behind them. Kept only
// when the admin switch is on; the lab reads them to explain where a route spends its time.
import type { CompiledQuery } from 'kysely'
import { captureCallSite, markInfrastructure } from './call-site.ts'
import { querySite } from './query-sites.ts'
import type { CallStats, RequestAccount, RouteStats, StatementStats } from './request-context.ts'

markInfrastructure(import.meta.url)

export type RouteSummary = Omit<RouteStats, 'statements' | 'calls'> & {
  statements: StatementStats[]
  calls: CallStats[]
}

/** One execution of `query` in a request of this route, with where the query was built. */
export function recordStatement (stats: RouteStats, query: CompiledQuery, durationMs: number): void {
  const { sql, parameters } = query
  let statement = stats.statements.get(sql)
  if (statement === undefined) {
    // Where the query was built (repository line and its callers); for raw queries that bypass
    // the builder, the async stack of the driver call is the next best thing.
    const site = querySite(query.query) ?? captureCallSite()
    statement = { sql, parameters: [...parameters], count: 0, totalMs: 0, maxMs: 0, site }
    stats.statements.set(sql, statement)
  }
  statement.count++
  statement.totalMs += durationMs
  statement.maxMs = Math.max(statement.maxMs, durationMs)
}

/** The call stats of `target` in this route, created with the caller's site on first use. */
export function callStats (stats: RouteStats, target: string): CallStats {
  let call = stats.calls.get(target)
  if (call === undefined) {
    call = { target, count: 0, totalMs: 0, site: captureCallSite() }
    stats.calls.set(target, call)
  }
  return call
}

export class RouteStatsRegistry {
  private routes = new Map<string, RouteStats>()

  route (route: string): RouteStats {
    let stats = this.routes.get(route)
    if (stats === undefined) {
      stats = {
        route,
        requests: 0,
        totalMs: 0,
        dbCount: 0,
        dbMs: 0,
        connectionWaitMs: 0,
        outboundCount: 0,
        outboundMs: 0,
        maxOutboundConcurrency: 0,
        blockedMs: 0,
        responseBytes: 0,
        statements: new Map(),
        calls: new Map()
      }
      this.routes.set(route, stats)
    }
    return stats
  }

  finish (stats: RouteStats, account: RequestAccount, { totalMs, blockedMs, responseBytes }: { totalMs: number, blockedMs: number, responseBytes: number }): void {
    stats.requests++
    stats.totalMs += totalMs
    stats.dbCount += account.dbCount
    stats.dbMs += account.dbMs
    stats.outboundCount += account.outboundCount
    stats.outboundMs += account.outboundMs
    stats.maxOutboundConcurrency = Math.max(stats.maxOutboundConcurrency, account.outboundMaxConcurrency)
    stats.blockedMs += blockedMs
    stats.responseBytes += responseBytes
  }

  reset (): void {
    this.routes.clear()
  }

  snapshot (): RouteSummary[] {
    return [...this.routes.values()].map((stats) => ({
      ...stats,
      statements: [...stats.statements.values()].sort((a, b) => b.totalMs - a.totalMs),
      calls: [...stats.calls.values()].sort((a, b) => b.totalMs - a.totalMs)
    }))
  }
}
