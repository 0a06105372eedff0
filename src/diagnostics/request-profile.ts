// Per-request accounting: database statements, outbound calls and event-loop stalls, carried
// through the request's async context so that any code path can report into it.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { CompiledQuery } from 'kysely'
import { captureCallSite } from './call-site.ts'
import { querySite } from './query-sites.ts'
import { stalledMs } from './event-loop-stalls.ts'
import type { CallStats, RouteStats } from './route-stats.ts'

export class RequestProfile {
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

  recordQuery (query: CompiledQuery, durationMs: number): void {
    this.dbCount++
    this.dbMs += durationMs
    if (this.details === undefined) return
    const { sql, parameters } = query
    let statement = this.details.statements.get(sql)
    if (statement === undefined) {
      // Where the query was built (repository line and its callers); for raw queries that bypass
      // the builder, the async stack of the driver call is the next best thing.
      const site = querySite(query.query) ?? captureCallSite()
      statement = { sql, parameters: [...parameters], count: 0, totalMs: 0, maxMs: 0, site }
      this.details.statements.set(sql, statement)
    }
    statement.count++
    statement.totalMs += durationMs
    statement.maxMs = Math.max(statement.maxMs, durationMs)
  }

  /** Waiting for a connection is database time too, seen from the request. */
  recordConnectionWait (durationMs: number): void {
    this.dbMs += durationMs
    if (this.details !== undefined) this.details.connectionWaitMs += durationMs
  }

  /** Marks the start of an outbound call; the returned function marks its end. */
  startOutbound (target: string): () => void {
    const started = performance.now()
    this.outboundInFlight++
    this.outboundMaxConcurrency = Math.max(this.outboundMaxConcurrency, this.outboundInFlight)
    let call: CallStats | undefined
    if (this.details !== undefined) {
      call = this.details.calls.get(target)
      if (call === undefined) {
        call = { target, count: 0, totalMs: 0, site: captureCallSite() }
        this.details.calls.set(target, call)
      }
    }
    return () => {
      const durationMs = performance.now() - started
      this.outboundInFlight--
      this.outboundCount++
      this.outboundMs += durationMs
      if (call !== undefined) {
        call.count++
        call.totalMs += durationMs
      }
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

const storage = new AsyncLocalStorage<RequestProfile>()

export function runWithProfile<T> (profile: RequestProfile, fn: () => T): T {
  return storage.run(profile, fn)
}

export function currentProfile (): RequestProfile | undefined {
  return storage.getStore()
}
