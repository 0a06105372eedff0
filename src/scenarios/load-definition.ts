// What a load test of a scenario is: the routes, the load shape, the checks and the thresholds.
// Plain data and small helpers only: k6 (load/k6/) and the Node runner both import it.

export interface Stage {
  /** k6 duration syntax: "10s", "1m30s". */
  duration: string
  target: number
}

export interface LoadShape {
  stages: Stage[]
  /** Seconds each virtual user sleeps after every request (k6's sleep()). */
  thinkTimeSeconds: number
  /** Seconds in-flight requests may take to finish after the last stage (k6's gracefulStop). */
  gracefulStopSeconds: number
}

export interface Check {
  name: string
  status?: number
  maxDurationMs?: number
}

export interface ScenarioDefinition {
  title: string
  /** The deliberately slow route and its fixed twin; both return the same observable result. */
  slow: string
  fast: string
  /** A cheap route that should stay fast while the slow one is loaded. */
  bystander: string
  /** full: the shape users run with k6; quick: a few seconds for CI gates and the lab. */
  shapes: { full: LoadShape, quick: LoadShape }
  checks: Check[]
  /** k6 threshold expressions by metric, e.g. { http_req_duration: ['p(95)<500'] }. */
  thresholds: Record<string, string[]>
  /** Environment the API needs for this scenario (the gate and the lab set it; k6 users too). */
  serverEnv?: Record<string, string>
  doc: string
}

export type Variant = 'slow' | 'fast'

/** Ramp up to `vus` over `rampS` seconds, hold for `holdS`, ramp down over `rampS`. */
function rampHoldRamp (vus: number, rampS: number, holdS: number, thinkTimeSeconds: number, gracefulStopSeconds: number): LoadShape {
  return {
    stages: [
      { duration: `${rampS}s`, target: vus },
      { duration: `${holdS}s`, target: vus },
      { duration: `${rampS}s`, target: 0 }
    ],
    thinkTimeSeconds,
    gracefulStopSeconds
  }
}

export const shapes = {
  /** The original project's k6 shape: ramp to 10 VUs over 10 s, hold 20 s, ramp down 10 s; sleep 1 s. */
  original: { full: rampHoldRamp(10, 10, 20, 1, 30), quick: rampHoldRamp(10, 1, 4, 0.2, 5) },
  /** A busier day: more users, shorter pauses. For routes whose cost is CPU on the event loop. */
  busy: { full: rampHoldRamp(20, 10, 20, 0.3, 30), quick: rampHoldRamp(20, 1, 4, 0.2, 5) }
}

/** The original's checks and threshold for a latency budget, plus an error-rate threshold. */
export const budget = (p95Ms: number): Pick<ScenarioDefinition, 'checks' | 'thresholds'> => ({
  checks: [
    { name: 'status is 200', status: 200 },
    { name: `response time < ${p95Ms}ms`, maxDurationMs: p95Ms }
  ],
  thresholds: { http_req_duration: [`p(95)<${p95Ms}`], http_req_failed: ['rate<0.01'] }
})
