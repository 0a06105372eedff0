// Per-route aggregates of request profiles, with the SQL and call sites behind them. Kept only
// when the admin switch is on; the lab reads them to explain where a route spends its time.
import type { RequestProfile } from './request-profile.ts'

export interface StatementStats {
  sql: string
  /** Parameters of the first execution, so the statement can be explained later. */
  parameters: unknown[]
  count: number
  totalMs: number
  maxMs: number
  site: string[]
}

export interface CallStats {
  target: string
  count: number
  totalMs: number
  site: string[]
}

export interface RouteStats {
  route: string
  requests: number
  totalMs: number
  dbCount: number
  dbMs: number
  /** Part of dbMs spent waiting for a connection rather than running statements. */
  connectionWaitMs: number
  outboundCount: number
  outboundMs: number
  maxOutboundConcurrency: number
  blockedMs: number
  responseBytes: number
  statements: Map<string, StatementStats>
  calls: Map<string, CallStats>
}

export type RouteSummary = Omit<RouteStats, 'statements' | 'calls'> & {
  statements: StatementStats[]
  calls: CallStats[]
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

  finish (stats: RouteStats, profile: RequestProfile, { totalMs, blockedMs, responseBytes }: { totalMs: number, blockedMs: number, responseBytes: number }): void {
    stats.requests++
    stats.totalMs += totalMs
    stats.dbCount += profile.dbCount
    stats.dbMs += profile.dbMs
    stats.outboundCount += profile.outboundCount
    stats.outboundMs += profile.outboundMs
    stats.maxOutboundConcurrency = Math.max(stats.maxOutboundConcurrency, profile.outboundMaxConcurrency)
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
