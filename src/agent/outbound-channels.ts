// Outbound calls seen below every client: node:http/https (the http.client.* diagnostics
// channels: axios, got and most SDKs go through them), undici and fetch (undici:request:*), and
// calls an application traces itself on the `baseplate:outbound` tracing channel; simulated
// database round trips on `baseplate:db-round-trip` count as SQL time.
import diagnosticsChannel from 'node:diagnostics_channel'

export interface CallSink {
  /** A call begins, in the caller's async context; the returned function is called at its end. */
  begin: (target: string) => () => void
  /** A database round trip that is not a driver call (Baseplate's DB_LATENCY_MS): SQL time. */
  roundTrip: () => () => void
}

interface ClientRequestLike { method?: string, protocol?: string, host?: string, getHeader?: (name: string) => unknown }
interface UndiciRequestLike { method?: string, origin?: string | URL }

/** Subscribes to the channels; returns a function that unsubscribes. */
export function observeOutbound (sink: CallSink): () => void {
  const pending = new WeakMap<object, () => void>()
  const begin = (key: object, target: string): void => { pending.set(key, sink.begin(target)) }
  const end = (key: object | undefined): void => {
    if (key === undefined) return
    pending.get(key)?.()
    pending.delete(key)
  }
  const subscriptions: Array<[string, (message: unknown) => void]> = [
    ['http.client.request.start', (message) => {
      const request = (message as { request: ClientRequestLike }).request
      const host = String(request.getHeader?.('host') ?? request.host ?? '')
      begin(request, `${request.method ?? 'GET'} ${request.protocol ?? 'http:'}//${host}`)
    }],
    ['http.client.response.finish', (message) => end((message as { request: object }).request)],
    ['http.client.request.error', (message) => end((message as { request: object }).request)],
    ['undici:request:create', (message) => {
      const request = (message as { request: UndiciRequestLike }).request
      begin(request, `${request.method ?? 'GET'} ${String(request.origin ?? '')}`)
    }],
    ['undici:request:trailers', (message) => end((message as { request: object }).request)],
    ['undici:request:error', (message) => end((message as { request: object }).request)],
    ['tracing:baseplate:outbound:start', (message) => begin(message as object, String((message as { target?: string }).target ?? 'call'))],
    ['tracing:baseplate:outbound:asyncEnd', (message) => end(message as object)],
    ['tracing:baseplate:outbound:error', (message) => end(message as object)],
    ['tracing:baseplate:db-round-trip:start', (message) => { pending.set(message as object, sink.roundTrip()) }],
    ['tracing:baseplate:db-round-trip:asyncEnd', (message) => end(message as object)],
    ['tracing:baseplate:db-round-trip:error', (message) => end(message as object)]
  ]
  for (const [name, handler] of subscriptions) diagnosticsChannel.subscribe(name, handler)
  return () => { for (const [name, handler] of subscriptions) diagnosticsChannel.unsubscribe(name, handler) }
}
