// One load run against one route: checks that the target can be reached, picks the executor,
// evaluates the thresholds, and returns a result that is printed as a k6-like summary and saved
// as JSON with its latency histograms, so that two runs can be compared sample by sample.
import type { Check, LoadShape } from '../scenarios/load-definition.ts'
import { runClosedLoop } from './closed-loop-executor.ts'
import { assertReachable, UnreachableError } from './reachability.ts'
import { encodeHistogram, Recorder, type LatencySummary, type TimelinePoint } from './recorder.ts'
import { evaluateThresholds, type ThresholdResult } from './thresholds.ts'
import { createRemoteWriter, type RemoteWriteTarget } from './remote-write.ts'
import { runVus, shapeSeconds } from './vu-executor.ts'

export interface LoadRunSpec {
  label: string
  baseUrl: string
  path: string
  /** Staged virtual users with think time (k6 semantics)... */
  shape?: LoadShape
  /** ...or a closed loop of N connections for a fixed time (autocannon). */
  closedLoop?: { connections: number, durationSeconds: number }
  checks: Check[]
  thresholds: Record<string, string[]>
  /** Also push progress to Prometheus by remote write, with k6's metric names. */
  remoteWrite?: RemoteWriteTarget
  /** Stops the run early; the result says `aborted: true` and keeps what was measured. */
  signal?: AbortSignal
}

export interface LoadRunResult {
  tool: 'baseplate-runner'
  /** 2: with histograms (whole run and per second) and transport errors. */
  formatVersion: 2
  label: string
  url: string
  executor: 'ramping-vus' | 'closed-loop'
  startedAt: string
  durationSeconds: number
  requests: number
  failed: number
  /** Requests that got no HTTP answer, by error code. */
  transportErrors: Record<string, number>
  /** Interrupted before the planned end (Ctrl-C): the figures cover what ran. */
  aborted: boolean
  requestsPerSecond: number
  bytesPerRequest: number
  latency: LatencySummary
  checks: Array<{ name: string, passes: number, fails: number }>
  thresholds: ThresholdResult[]
  passed: boolean
  timeline: TimelinePoint[]
  distribution: Array<{ percentile: number, ms: number }>
  /** Every latency of the run (µs), as hdr-histogram's compressed base64 encoding. */
  histogram: string
}

export type Progress = (message: string) => void

/**
 * Runs the load. Throws UnreachableError when the target cannot be connected to, before the
 * run, or when not one request got an HTTP answer.
 */
export async function runLoad (spec: LoadRunSpec, progress: Progress = () => {}): Promise<LoadRunResult> {
  const url = new URL(spec.path, spec.baseUrl)
  await assertReachable(url)
  const recorder = new Recorder(spec.checks)
  const startedAt = new Date().toISOString()
  const planned = spec.closedLoop?.durationSeconds ?? shapeSeconds(spec.shape!)
  const writer = spec.remoteWrite === undefined ? undefined : createRemoteWriter(spec.remoteWrite)
  const onSecond = (elapsed: number, vus: number): void => {
    writer?.push(recorder, vus) // errors are reported inside; the run never waits for Prometheus
    const p95 = recorder.percentileMs(95)
    progress(`${spec.label}: ${elapsed.toFixed(0).padStart(3)}s/${planned}s  ${String(vus).padStart(3)} VUs  ${String(recorder.requests).padStart(6)} reqs  p95 ${p95.toFixed(1)} ms  ${recorder.failed} failed`)
  }
  const { signal } = spec
  if (spec.closedLoop !== undefined) {
    await runClosedLoop({ url, ...spec.closedLoop, recorder, onSecond, signal })
  } else if (spec.shape !== undefined) {
    await runVus({ url, shape: spec.shape, recorder, onSecond, signal })
  } else {
    throw new Error('a load run needs a shape or a closed loop')
  }
  const durationSeconds = recorder.elapsedSeconds()
  const unanswered = Object.values(recorder.transportErrors).reduce((sum, n) => sum + n, 0)
  if (recorder.requests > 0 && unanswered === recorder.requests) {
    const [code] = Object.entries(recorder.transportErrors).sort((a, b) => b[1] - a[1])[0]!
    throw new UnreachableError(url.origin, code)
  }
  await writer?.push(recorder, 0)
  const latency = recorder.latency()
  const checks = recorder.checkTotals()
  const trend: Record<string, number> = {
    avg: latency.avgMs, min: latency.minMs, med: latency.medMs, max: latency.maxMs
  }
  const thresholds = evaluateThresholds(spec.thresholds, (metric, aggregation, percentile) => {
    if (metric === 'http_req_duration') return percentile === undefined ? trend[aggregation] : recorder.percentileMs(percentile)
    if (metric === 'http_req_failed' && aggregation === 'rate') return recorder.requests === 0 ? 1 : recorder.failed / recorder.requests
    if (metric === 'checks' && aggregation === 'rate') return checks.total === 0 ? 0 : checks.passes / checks.total
    if (metric === 'http_reqs') return aggregation === 'count' ? recorder.requests : aggregation === 'rate' ? recorder.requests / durationSeconds : undefined
    return undefined
  })
  return {
    tool: 'baseplate-runner',
    formatVersion: 2,
    label: spec.label,
    url: url.href,
    executor: spec.closedLoop !== undefined ? 'closed-loop' : 'ramping-vus',
    startedAt,
    durationSeconds,
    requests: recorder.requests,
    failed: recorder.failed,
    transportErrors: recorder.transportErrors,
    aborted: signal?.aborted === true,
    requestsPerSecond: recorder.requests / durationSeconds,
    bytesPerRequest: recorder.requests === 0 ? 0 : recorder.bytes / recorder.requests,
    latency,
    checks: recorder.checks.map(({ name, passes, fails }) => ({ name, passes, fails })),
    thresholds,
    // No requests at all is a failure, not a vacuous pass; nor is an interrupted run a pass.
    passed: recorder.requests > 0 && signal?.aborted !== true && thresholds.every((t) => t.ok),
    timeline: recorder.timeline(),
    distribution: recorder.distribution(),
    histogram: encodeHistogram(recorder.histogram)
  }
}
