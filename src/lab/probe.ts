// A bystander probe: one request at a time to a cheap route, to see whether loading another
// route slows everyone down (the event loop is shared by all requests).
import { setTimeout as sleep } from 'node:timers/promises'
import { newHistogram } from '../runner/recorder.ts'

export interface ProbeResult {
  requests: number
  p50Ms: number
  p95Ms: number
  maxMs: number
}

export function startProbe (url: string, intervalMs = 100): { stop: () => Promise<ProbeResult> } {
  const histogram = newHistogram()
  const state = { running: true }
  const loop = (async () => {
    while (state.running) {
      const started = performance.now()
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(30_000) })
        await res.arrayBuffer()
        histogram.recordValue(Math.max(1, Math.round((performance.now() - started) * 1000)))
      } catch {
        histogram.recordValue(30_000_000)
      }
      await sleep(intervalMs)
    }
  })()
  return {
    async stop () {
      state.running = false
      await loop
      const at = (p: number): number => histogram.totalCount === 0 ? 0 : histogram.getValueAtPercentile(p) / 1000
      return { requests: histogram.totalCount, p50Ms: at(50), p95Ms: at(95), maxMs: histogram.totalCount === 0 ? 0 : histogram.maxValue / 1000 }
    }
  }
}

/** The probe alone, for a baseline: `count` sequential requests after a few unrecorded ones. */
export async function probeBaseline (url: string, count = 20): Promise<ProbeResult> {
  for (let i = 0; i < 5; i++) await (await fetch(url)).arrayBuffer()
  const probe = startProbe(url, 10)
  await sleep(count * 15)
  return probe.stop()
}
