// The single source of truth for every load test: which route each scenario hits, the load
// shape, the checks and the thresholds. Read by the k6 scripts (load/k6/*.ts) and by the Node
// runner (src/load/), so the two can never drift apart. Plain data only: k6 and Node both import it.

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

export interface Scenario {
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

/** The original project's k6 shape: ramp to 10 VUs over 10 s, hold 20 s, ramp down 10 s. */
const originalShape: LoadShape = {
  stages: [
    { duration: '10s', target: 10 },
    { duration: '20s', target: 10 },
    { duration: '10s', target: 0 }
  ],
  thinkTimeSeconds: 1,
  gracefulStopSeconds: 30
}

/** The same ramp-hold-ramp in six seconds, enough requests to read a p95. */
const quickShape: LoadShape = {
  stages: [
    { duration: '1s', target: 10 },
    { duration: '4s', target: 10 },
    { duration: '1s', target: 0 }
  ],
  thinkTimeSeconds: 0.2,
  gracefulStopSeconds: 5
}

const latencyChecks: Check[] = [
  { name: 'status is 200', status: 200 },
  { name: 'response time < 500ms', maxDurationMs: 500 }
]

const latencyThresholds = {
  http_req_duration: ['p(95)<500'],
  http_req_failed: ['rate<0.01']
}

export const scenarios = {
  'sequential-awaits': {
    title: 'Sequential awaits: one remote call per post, one after another',
    slow: '/api/posts/v1/slow',
    fast: '/api/posts/v2/fast',
    bystander: '/',
    shapes: { full: originalShape, quick: quickShape },
    checks: latencyChecks,
    thresholds: latencyThresholds,
    doc: 'docs/scenarios/sequential-awaits.md'
  }
} satisfies Record<string, Scenario>

export type ScenarioName = keyof typeof scenarios
export type Variant = 'slow' | 'fast'
