// The request's account for the production server's Server-Timing and metrics: database
// statements, outbound calls and event-loop stalls, carried through the request's async context
// so that any code path can report into it. Cheap on purpose; the lab's agent sees far more.
import { AsyncLocalStorage } from 'node:async_hooks'
import { markInfrastructure } from './infrastructure.ts'
import { stalledMs } from './loop-stalls.ts'

markInfrastructure(import.meta.url)

export class RequestAccount {
  readonly startedAt = performance.now()
  private readonly stalledAtStart = stalledMs()
  dbCount = 0
  dbMs = 0
  outboundCount = 0
  outboundMs = 0
  outboundInFlight = 0
  outboundMaxConcurrency = 0

  recordQuery (durationMs: number): void {
    this.dbCount++
    this.dbMs += durationMs
  }

  /** Waiting for a connection is database time too, seen from the request. */
  recordConnectionWait (durationMs: number): void {
    this.dbMs += durationMs
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
