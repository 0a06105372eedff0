// One load run against one route: picks the executor, evaluates the thresholds, and returns a
// result that is printed as a k6-like summary and saved as JSON.
import type { Check, LoadShape } from '../scenarios/load-definition.ts'
import { runClosedLoop } from './closed-loop-executor.ts'
import { Recorder, type LatencySummary, type TimelinePoint } from './recorder.ts'
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
}

export interface LoadRunResult {
  tool: 'baseplate-runner'
  formatVersion: 1
  label: string
  url: string
  executor: 'ramping-vus' | 'closed-loop'
  startedAt: string
  durationSeconds: number
  requests: number
  failed: number
  requestsPerSecond: number
  bytesPerRequest: number
  latency: LatencySummary
  checks: Array<{ name: string, passes: number, fails: number }>
  thresholds: ThresholdResult[]
  passed: boolean
  timeline: TimelinePoint[]
  distribution: Array<{ percentile: number, ms: number }>
}

export type Progress = (message: string) => void

export async function runLoad (spec: LoadRunSpec, progress: Progress = () => {}): Promise<LoadRunResult> {
  const url = new URL(spec.path, spec.baseUrl)
  const recorder = new Recorder(spec.checks)
  const startedAt = new Date().toISOString()
  const planned = spec.closedLoop?.durationSeconds ?? shapeSeconds(spec.shape!)
  const writer = spec.remoteWrite === undefined ? undefined : createRemoteWriter(spec.remoteWrite)
  const onSecond = (elapsed: number, vus: number): void => {
    writer?.push(recorder, vus) // errors are reported inside; the run never waits for Prometheus
    const p95 = recorder.percentileMs(95)
    progress(`${spec.label}: ${elapsed.toFixed(0).padStart(3)}s/${planned}s  ${String(vus).padStart(3)} VUs  ${String(recorder.requests).padStart(6)} reqs  p95 ${p95.toFixed(1)} ms  ${recorder.failed} failed`)
  }
  if (spec.closedLoop !== undefined) {
    await runClosedLoop({ url, ...spec.closedLoop, recorder, onSecond })
  } else if (spec.shape !== undefined) {
    await runVus({ url, shape: spec.shape, recorder, onSecond })
  } else {
    throw new Error('a load run needs a shape or a closed loop')
  }
  const durationSeconds = recorder.elapsedSeconds()
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
    formatVersion: 1,
    label: spec.label,
    url: url.href,
    executor: spec.closedLoop !== undefined ? 'closed-loop' : 'ramping-vus',
    startedAt,
    durationSeconds,
    requests: recorder.requests,
    failed: recorder.failed,
    requestsPerSecond: recorder.requests / durationSeconds,
    bytesPerRequest: recorder.requests === 0 ? 0 : recorder.bytes / recorder.requests,
    latency,
    checks: recorder.checks.map(({ name, passes, fails }) => ({ name, passes, fails })),
    thresholds,
    // No requests at all is a failure, not a vacuous pass.
    passed: recorder.requests > 0 && thresholds.every((t) => t.ok),
    timeline: recorder.timeline(),
    distribution: recorder.distribution()
  }
}
