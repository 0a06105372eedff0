// Pushes a load run's progress to Prometheus by remote write under the metric names k6's
// experimental-prometheus-rw output uses, so one Grafana dashboard shows runs of either tool.
import { pushTimeseries } from 'prometheus-remote-write'
import type { Recorder } from './recorder.ts'

export interface RemoteWriteTarget {
  url: string
  /** Labels on every series; k6 users tag runs with testid, and so does the runner. */
  labels: Record<string, string>
}

/** The series k6 writes for one run, as of now (trend stats cumulative, in seconds). */
export function k6Series (recorder: Recorder, vus: number, labels: Record<string, string>, timestamp = Date.now()) {
  const latency = recorder.latency()
  const checks = recorder.checkTotals()
  const values: Record<string, number> = {
    k6_vus: vus,
    k6_http_reqs_total: recorder.requests,
    k6_iterations_total: recorder.requests,
    k6_http_req_failed_rate: recorder.requests === 0 ? 0 : recorder.failed / recorder.requests,
    k6_checks_rate: checks.total === 0 ? 1 : checks.passes / checks.total,
    k6_http_req_duration_avg: latency.avgMs / 1000,
    k6_http_req_duration_min: latency.minMs / 1000,
    k6_http_req_duration_max: latency.maxMs / 1000,
    k6_http_req_duration_p50: latency.medMs / 1000,
    k6_http_req_duration_p90: latency.p90Ms / 1000,
    k6_http_req_duration_p95: latency.p95Ms / 1000,
    k6_http_req_duration_p99: latency.p99Ms / 1000
  }
  return Object.entries(values).map(([name, value]) => ({
    labels: { __name__: name, ...labels },
    samples: [{ value, timestamp }]
  }))
}

export function createRemoteWriter (target: RemoteWriteTarget) {
  let warned = false
  let inFlight: Promise<void> = Promise.resolve()
  return {
    /** Pushes the current values; a failing endpoint is reported once and never fails the run. */
    push (recorder: Recorder, vus: number): Promise<void> {
      inFlight = inFlight.then(async () => {
        const result = await pushTimeseries(k6Series(recorder, vus, target.labels), { url: target.url, timeout: 5000, fetch: fetch as never })
          .catch((error: unknown) => ({ status: 0, statusText: String(error), errorMessage: String(error) }))
        if ((result.status < 200 || result.status >= 300) && !warned) {
          warned = true
          console.error(`remote write to ${target.url} failed: ${result.status} ${result.errorMessage ?? result.statusText}`)
        }
      })
      return inFlight
    }
  }
}
