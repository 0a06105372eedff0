// Closed-loop load with autocannon: N connections, each sending its next request as soon as
// the previous answer arrives, for a fixed time. Used by --connections and the benchmark.
import autocannon from 'autocannon'
import type { Recorder } from './recorder.ts'

export interface ClosedLoopOptions {
  url: URL
  connections: number
  durationSeconds: number
  recorder: Recorder
  onSecond?: (elapsed: number, connections: number) => void
  /** Stops the run early (Ctrl-C); what was recorded so far stays. */
  signal?: AbortSignal
}

export async function runClosedLoop ({ url, connections, durationSeconds, recorder, onSecond, signal }: ClosedLoopOptions): Promise<void> {
  let instance!: autocannon.Instance
  const done = new Promise<void>((resolve, reject) => {
    instance = autocannon({ url: url.href, connections, duration: durationSeconds, pipelining: 1 }, (error) => {
      if (error === null || error === undefined) resolve()
      else reject(error)
    })
  })
  instance.on('response', (_client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => {
    recorder.record(responseTimeMs, statusCode, bytes, connections)
  })
  instance.on('reqError', (error: NodeJS.ErrnoException) => recorder.recordTransportError(0, error.code ?? error.message, connections))
  const ticker = setInterval(() => {
    recorder.tick(connections)
    onSecond?.(recorder.elapsedSeconds(), connections)
  }, 1000)
  const stop = (): void => { instance.stop() }
  signal?.addEventListener('abort', stop, { once: true })
  try {
    await done
  } finally {
    clearInterval(ticker)
    signal?.removeEventListener('abort', stop)
  }
}
