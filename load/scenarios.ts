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

/** The original project's k6 shape: ramp to 10 VUs over 10 s, hold 20 s, ramp down 10 s; sleep 1 s. */
const originalShape = rampHoldRamp(10, 10, 20, 1, 30)
/** The same ramp-hold-ramp in six seconds, enough requests to read a p95. */
const quickShape = rampHoldRamp(10, 1, 4, 0.2, 5)
/** A busier day: more users, shorter pauses. For routes whose cost is CPU on the event loop. */
const busyShape = rampHoldRamp(20, 10, 20, 0.3, 30)
const busyQuickShape = rampHoldRamp(20, 1, 4, 0.2, 5)

/** The original's checks and threshold for a latency budget, plus an error-rate threshold. */
const budget = (p95Ms: number): Pick<Scenario, 'checks' | 'thresholds'> => ({
  checks: [
    { name: 'status is 200', status: 200 },
    { name: `response time < ${p95Ms}ms`, maxDurationMs: p95Ms }
  ],
  thresholds: { http_req_duration: [`p(95)<${p95Ms}`], http_req_failed: ['rate<0.01'] }
})

export const scenarios = {
  'sequential-awaits': {
    title: 'Sequential awaits: one remote call per post, one after another',
    slow: '/api/posts/v1/slow',
    fast: '/api/posts/v2/fast',
    bystander: '/',
    shapes: { full: originalShape, quick: quickShape },
    ...budget(500),
    doc: 'docs/scenarios/sequential-awaits.md'
  },
  'n-plus-one': {
    title: 'N+1 queries: a post list that loads each author and comment count with its own queries',
    slow: '/api/scenarios/n-plus-one/slow',
    fast: '/api/scenarios/n-plus-one/fast',
    bystander: '/',
    shapes: { full: originalShape, quick: quickShape },
    ...budget(500),
    // Each statement pays a 2 ms round trip, as against a database one network hop away.
    serverEnv: { DB_LATENCY_MS: '2' },
    doc: 'docs/scenarios/n-plus-one.md'
  },
  'event-loop-block': {
    title: 'Event-loop blocking: a 3 MB settings document parsed on every request',
    slow: '/api/scenarios/event-loop-block/slow',
    fast: '/api/scenarios/event-loop-block/fast',
    bystander: '/',
    shapes: { full: busyShape, quick: busyQuickShape },
    // Settings are read on every page view: they get a 100 ms budget.
    ...budget(100),
    doc: 'docs/scenarios/event-loop-block.md'
  },
  'missing-index': {
    title: 'Missing index: the latest events of a user, from 500,000 rows',
    slow: '/api/scenarios/missing-index/slow?userId=42',
    fast: '/api/scenarios/missing-index/fast?userId=42',
    bystander: '/',
    shapes: { full: busyShape, quick: busyQuickShape },
    // An activity feed: 200 ms.
    ...budget(200),
    serverEnv: { EVENTS_SEED_COUNT: '500000' },
    doc: 'docs/scenarios/missing-index.md'
  },
  'over-fetching': {
    title: 'Over-fetching: an article list that ships every article with its full body',
    slow: '/api/scenarios/over-fetching/slow',
    fast: '/api/scenarios/over-fetching/fast',
    bystander: '/',
    shapes: { full: originalShape, quick: quickShape },
    ...budget(500),
    doc: 'docs/scenarios/over-fetching.md'
  }
} satisfies Record<string, Scenario>

export type ScenarioName = keyof typeof scenarios
export type Variant = 'slow' | 'fast'
