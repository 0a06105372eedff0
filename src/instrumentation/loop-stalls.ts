// Measures how long the event loop was blocked: a 10 ms heartbeat whose lateness is a stall.
// A request reads the running total when it starts and ends; the difference is the time the
// loop was stuck while the request was open, whoever was holding it.
import { markInfrastructure } from './infrastructure.ts'

markInfrastructure(import.meta.url)

const intervalMs = 10
/** Lateness under this is ordinary timer jitter, not a stall. */
const jitterMs = 2

let totalStalledMs = 0
let expectedAt = 0
let timer: NodeJS.Timeout | undefined
let users = 0

function beat (): void {
  const now = performance.now()
  const lateness = now - expectedAt
  if (lateness > jitterMs) totalStalledMs += lateness
  expectedAt = now + intervalMs
}

/** Starts the heartbeat (reference-counted, so several apps in one process share it). */
export function startStallMonitor (): () => void {
  if (users++ === 0) {
    expectedAt = performance.now() + intervalMs
    timer = setInterval(beat, intervalMs).unref()
  }
  return () => {
    if (--users === 0) clearInterval(timer)
  }
}

/** Total stalled milliseconds so far, including a stall that is still going on. */
export function stalledMs (): number {
  if (users === 0) return 0
  const lateness = performance.now() - expectedAt
  return totalStalledMs + (lateness > jitterMs ? lateness : 0)
}
