// k6's ramping-vus executor in Node: virtual users loop "request, then think", their number
// following the stages; finished iterations are never cut, in-flight ones get gracefulStop.
import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { Pool } from 'undici'
import type { LoadShape, Stage } from '../scenarios/load-definition.ts'
import { parseDuration } from './duration.ts'
import type { Recorder } from './recorder.ts'

/** Target VUs at `t` seconds: linear interpolation inside each stage, like k6. */
export function targetVus (stages: Stage[], t: number): number {
  let start = 0
  let from = 0
  for (const stage of stages) {
    const length = parseDuration(stage.duration)
    if (t < start + length) return Math.round(from + (stage.target - from) * ((t - start) / length))
    start += length
    from = stage.target
  }
  return 0
}

export function shapeSeconds (shape: LoadShape): number {
  return shape.stages.reduce((sum, stage) => sum + parseDuration(stage.duration), 0)
}

export interface VuRunOptions {
  url: URL
  shape: LoadShape
  recorder: Recorder
  onSecond?: (elapsed: number, vus: number) => void
  /** Stops the run at once (Ctrl-C): in-flight requests are cancelled, not recorded. */
  signal?: AbortSignal
}

/** The code of a request that got no HTTP answer: ECONNREFUSED, UND_ERR_SOCKET, ... */
export function errorCode (error: unknown): string {
  const { code, cause } = error as { code?: string, cause?: { code?: string } }
  return cause?.code ?? code ?? (error instanceof Error ? error.message : String(error))
}

export async function runVus ({ url, shape, recorder, onSecond, signal }: VuRunOptions): Promise<void> {
  const maxVus = Math.max(...shape.stages.map((s) => s.target))
  const pool = new Pool(url.origin, { connections: maxVus, pipelining: 1, keepAliveTimeout: 60_000 })
  const path = url.pathname + url.search
  const total = shapeSeconds(shape)
  const abort = new AbortController()
  setMaxListeners(0, abort.signal) // every VU listens to the same signal
  const onAbort = (): void => abort.abort()
  signal?.addEventListener('abort', onAbort, { once: true })
  const running = new Set<Promise<void>>()
  let active = 0
  let stopped = false

  const retired = (index: number): boolean => stopped || index >= active

  async function vu (index: number): Promise<void> {
    while (!retired(index)) {
      const started = performance.now()
      try {
        const res = await pool.request({ path, method: 'GET', signal: abort.signal })
        const body = Buffer.from(await res.body.arrayBuffer())
        recorder.record(performance.now() - started, res.statusCode, body.length, active)
      } catch (error) {
        if (abort.signal.aborted) return
        recorder.recordTransportError(performance.now() - started, errorCode(error), active)
        if (process.env.DEBUG_LOAD !== undefined) console.error(error)
      }
      if (retired(index)) return
      await sleep(shape.thinkTimeSeconds * 1000, undefined, { signal: abort.signal }).catch(() => {})
    }
  }

  let lastSecond = -1
  while (recorder.elapsedSeconds() < total && !abort.signal.aborted) {
    const t = recorder.elapsedSeconds()
    const target = targetVus(shape.stages, t)
    // New VUs start; VUs above the target finish their iteration and leave (k6's ramp-down).
    const previous = active
    active = target
    for (let i = previous; i < target; i++) {
      const loop = vu(i).finally(() => running.delete(loop))
      running.add(loop)
    }
    recorder.tick(active)
    if (Math.floor(t) !== lastSecond) {
      lastSecond = Math.floor(t)
      onSecond?.(t, active)
    }
    await sleep(50)
  }
  stopped = true
  active = 0
  // In-flight iterations get gracefulStop to finish; the timer is cancelled as soon as they do,
  // so that nothing keeps the process alive once the work is done.
  const drained = Promise.all(running)
  const graceOver = new AbortController()
  const timeout = sleep(shape.gracefulStopSeconds * 1000, 'timeout' as const, { signal: graceOver.signal }).catch(() => 'drained' as const)
  if (await Promise.race([drained, timeout]) === 'timeout') abort.abort()
  graceOver.abort()
  await drained
  signal?.removeEventListener('abort', onAbort)
  await (abort.signal.aborted ? pool.destroy() : pool.close())
}
