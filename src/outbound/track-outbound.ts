// Outbound calls seen by the request profile: our own tracked calls, and every fetch/undici
// request through Node's diagnostics channels, so real HTTP calls are counted without wrappers.
import diagnosticsChannel from 'node:diagnostics_channel'
import { currentProfile } from '../diagnostics/request-profile.ts'

/** Runs an outbound call and reports its duration to the current request, if any. */
export async function trackOutbound<T> (target: string, call: () => Promise<T>): Promise<T> {
  const finish = currentProfile()?.startOutbound(target)
  try {
    return await call()
  } finally {
    finish?.()
  }
}

interface UndiciRequest { origin?: string | URL, path?: string, method?: string }

const pending = new WeakMap<object, () => void>()

function onCreate (message: unknown): void {
  const { request } = message as { request: UndiciRequest }
  const finish = currentProfile()?.startOutbound(`${request.method ?? 'GET'} ${String(request.origin ?? '')}`)
  if (finish !== undefined) pending.set(request, finish)
}

function onDone (message: unknown): void {
  const { request } = message as { request: object }
  pending.get(request)?.()
  pending.delete(request)
}

let subscribed = false

/** Subscribes once per process to undici's request lifecycle channels (used by fetch). */
export function observeUndiciRequests (): void {
  if (subscribed) return
  subscribed = true
  diagnosticsChannel.subscribe('undici:request:create', onCreate)
  diagnosticsChannel.subscribe('undici:request:trailers', onDone)
  diagnosticsChannel.subscribe('undici:request:error', onDone)
}
