// Collects what a load run observes: latencies in an HDR histogram (microsecond resolution),
// failures, transport errors by code, checks, bytes, and a per-second timeline whose histograms
// are kept (compressed) so that two runs can be compared sample by sample later.
import * as hdr from 'hdr-histogram-js'
import type { Check } from '../scenarios/load-definition.ts'

/** Latencies in microseconds, 1 µs to 120 s, 3 significant digits. */
export const newHistogram = (): hdr.Histogram => hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 120_000_000, numberOfSignificantValueDigits: 3 })

export interface TimelinePoint {
  second: number
  vus: number
  requests: number
  failed: number
  p50Ms: number
  p95Ms: number
  maxMs: number
  /** Every latency of this second (µs), as hdr-histogram's compressed base64 encoding. */
  histogram?: string
}

export const encodeHistogram = (histogram: hdr.Histogram): string => hdr.encodeIntoCompressedBase64(histogram)
export const decodeHistogram = (encoded: string): hdr.Histogram => hdr.decodeFromCompressedBase64(encoded)

export interface LatencySummary {
  minMs: number
  avgMs: number
  medMs: number
  p90Ms: number
  p95Ms: number
  p99Ms: number
  maxMs: number
  stdevMs: number
}

interface Second { histogram: hdr.Histogram, requests: number, failed: number, vus: number }

export class Recorder {
  readonly histogram = newHistogram()
  requests = 0
  failed = 0
  bytes = 0
  /** Requests that got no HTTP answer, by error code (ECONNREFUSED, UND_ERR_SOCKET, ...). */
  readonly transportErrors: Record<string, number> = {}
  readonly checks: Array<Check & { passes: number, fails: number }>
  private readonly seconds: Second[] = []
  readonly startedAt = performance.now()

  constructor (checks: Check[]) {
    this.checks = checks.map((check) => ({ ...check, passes: 0, fails: 0 }))
  }

  private second (vus: number): Second {
    const index = Math.floor((performance.now() - this.startedAt) / 1000)
    while (this.seconds.length <= index) this.seconds.push({ histogram: newHistogram(), requests: 0, failed: 0, vus })
    const second = this.seconds[index]!
    second.vus = Math.max(second.vus, vus)
    return second
  }

  /** A request that got no HTTP answer at all: recorded as failed, with its error code. */
  recordTransportError (durationMs: number, code: string, vus: number): void {
    this.transportErrors[code] = (this.transportErrors[code] ?? 0) + 1
    this.record(durationMs, 0, 0, vus)
  }

  /** One completed request: status 0 means a transport error. */
  record (durationMs: number, status: number, bytes: number, vus: number): void {
    const micros = Math.max(1, Math.round(durationMs * 1000))
    const failed = status === 0 || status >= 400
    this.histogram.recordValue(micros)
    this.requests++
    this.bytes += bytes
    if (failed) this.failed++
    const second = this.second(vus)
    second.histogram.recordValue(micros)
    second.requests++
    if (failed) second.failed++
    for (const check of this.checks) {
      const ok = (check.status === undefined || status === check.status) &&
        (check.maxDurationMs === undefined || durationMs < check.maxDurationMs)
      if (ok) check.passes++
      else check.fails++
    }
  }

  /** Marks the current number of active VUs (or connections) in the timeline. */
  tick (vus: number): void {
    this.second(vus)
  }

  /** Passed and evaluated checks over all requests so far (k6's `checks` rate is passes / total). */
  checkTotals (): { passes: number, total: number } {
    return this.checks.reduce((sum, c) => ({ passes: sum.passes + c.passes, total: sum.total + c.passes + c.fails }), { passes: 0, total: 0 })
  }

  elapsedSeconds (): number {
    return (performance.now() - this.startedAt) / 1000
  }

  latency (): LatencySummary {
    const h = this.histogram
    const ms = (micros: number): number => Math.round(micros) / 1000
    if (h.totalCount === 0) return { minMs: 0, avgMs: 0, medMs: 0, p90Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, stdevMs: 0 }
    return {
      minMs: ms(h.minNonZeroValue),
      avgMs: ms(h.mean),
      medMs: ms(h.getValueAtPercentile(50)),
      p90Ms: ms(h.getValueAtPercentile(90)),
      p95Ms: ms(h.getValueAtPercentile(95)),
      p99Ms: ms(h.getValueAtPercentile(99)),
      maxMs: ms(h.maxValue),
      stdevMs: ms(h.stdDeviation)
    }
  }

  percentileMs (p: number): number {
    return this.histogram.totalCount === 0 ? 0 : this.histogram.getValueAtPercentile(p) / 1000
  }

  /** Latency distribution for charts: the value at a spread of percentiles. */
  distribution (): Array<{ percentile: number, ms: number }> {
    const points = [0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.9, 100]
    return points.map((percentile) => ({ percentile, ms: Math.round(this.percentileMs(percentile) * 1000) / 1000 }))
  }

  timeline (): TimelinePoint[] {
    return this.seconds.map((s, second) => ({
      second,
      vus: s.vus,
      requests: s.requests,
      failed: s.failed,
      p50Ms: s.requests === 0 ? 0 : s.histogram.getValueAtPercentile(50) / 1000,
      p95Ms: s.requests === 0 ? 0 : s.histogram.getValueAtPercentile(95) / 1000,
      maxMs: s.requests === 0 ? 0 : s.histogram.maxValue / 1000,
      ...(s.requests === 0 ? {} : { histogram: encodeHistogram(s.histogram) })
    }))
  }
}
