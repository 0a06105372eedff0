// A stand-in for a per-item remote call (an API, a cache, a second database): it only waits,
// without blocking the event loop, so other requests are served meanwhile.
import { setTimeout as sleep } from 'node:timers/promises'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'
import { trackOutbound } from './track-outbound.ts'

markInfrastructure(import.meta.url)

/** Resolves with `value` after `durationMs`, like a remote call that answers for one item. */
export function simulatedRemoteCall<T> (target: string, durationMs: number, value: T): Promise<T> {
  return trackOutbound(target, () => sleep(durationMs, value))
}
