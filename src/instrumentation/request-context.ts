// The request's account: database statements, outbound calls and event-loop stalls, carried
// through the request's async context so that any code path can report into it.
import { AsyncLocalStorage } from 'node:async_hooks'
import { markInfrastructure } from './call-site.ts'
import { stalledMs } from './loop-stalls.ts'

markInfrastructure(import.meta.url)

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

/** A route's running totals, kept only while diagnostics are on (see route-stats.ts). */
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

export class RequestAccount {
  readonly startedAt = performance.now()
  private readonly stalledAtStart = stalledMs()
  dbCount = 0
  dbMs = 0
  outboundCount = 0
  outboundMs = 0
  outboundInFlight = 0
  outboundMaxConcurrency = 0

  /** When set, statements and calls are also aggregated per route with their call sites. */
  constructor (readonly details?: RouteStats) {}

  recordQuery (durationMs: number): void {
    this.dbCount++
    this.dbMs += durationMs
  }

  /** Waiting for a connection is database time too, seen from the request. */
  recordConnectionWait (durationMs: number): void {
    this.dbMs += durationMs
    if (this.details !== undefined) this.details.connectionWaitMs += durationMs
  }

  /** Marks the start of an outbound call; the returned function marks its end with its duration. */
  startOutbound (): () => number {
    const started = performance.now()
    this.outboundInFlight++
    this.outboundMaxConcurrency = Math.max(this.outboundMaxConcurrency, this.outboundInFlight)
    return () => {
      const durationMs = performance.now() - started
      this.outboundInFlight--
      this.outboundCount++
      this.outboundMs += durationMs
      return durationMs
    }
  }

  /** Milliseconds the event loop was stalled since this request started. */
  blockedMs (): number {
    return stalledMs() - this.stalledAtStart
  }

  elapsedMs (): number {
    return performance.now() - this.startedAt
  }
}

const storage = new AsyncLocalStorage<RequestAccount>()

export function runWithAccount<T> (account: RequestAccount, fn: () => T): T {
  return storage.run(account, fn)
}

export function currentAccount (): RequestAccount | undefined {
  return storage.getStore()
}
