// Outbound calls seen by the request's account: our own tracked calls, and every fetch/undici
// request through Node's diagnostics channels, so real HTTP calls are counted without wrappers.
import diagnosticsChannel from 'node:diagnostics_channel'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'
import { currentAccount } from '../instrumentation/request-context.ts'

markInfrastructure(import.meta.url)

export interface OutboundCallMessage {
  target: string
  durationMs: number
}

/** Every finished outbound call is published here; the metrics plugin subscribes. */
export const outboundCalls = diagnosticsChannel.channel('baseplate:outbound-call')

/** Start and end of every tracked call, for tracers (the lab's agent subscribes). */
const tracedCalls = diagnosticsChannel.tracingChannel<unknown, { target: string }>('baseplate:outbound')

/** Marks the start of a call; the returned function marks its end (request account + channel). */
function startCall (target: string): () => void {
  const started = performance.now()
  const finishInAccount = currentAccount()?.startOutbound()
  return () => {
    finishInAccount?.()
    if (outboundCalls.hasSubscribers) {
      outboundCalls.publish({ target, durationMs: performance.now() - started } satisfies OutboundCallMessage)
    }
  }
}

/** Runs an outbound call and reports its duration to the current request and to metrics. */
export async function trackOutbound<T> (target: string, call: () => Promise<T>): Promise<T> {
  const finish = startCall(target)
  try {
    return await tracedCalls.tracePromise(call, { target })
  } finally {
    finish()
  }
}

interface UndiciRequest { origin?: string | URL, path?: string, method?: string }

const pending = new WeakMap<object, () => void>()

function onCreate (message: unknown): void {
  const { request } = message as { request: UndiciRequest }
  pending.set(request, startCall(`${request.method ?? 'GET'} ${String(request.origin ?? '')}`))
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
