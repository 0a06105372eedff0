// A stand-in for a per-item remote call (an API, a cache, a second database): it only waits,
// without blocking the event loop, so other requests are served meanwhile.
import { setTimeout as sleep } from 'node:timers/promises'
import { trackOutbound } from './track-outbound.ts'

export function simulatedRemoteCall (target: string, durationMs: number): Promise<void> {
  return trackOutbound(target, () => sleep(durationMs))
}
