// What the agent (inside the service) and the lab say to each other over the lab's socket: one
// JSON document per line. Types only, shared by both sides.

/** The environment variable that carries the lab's socket path into the service's processes. */
export const LAB_SOCKET_ENV = 'BASEPLATE_LAB_SOCKET'

/** First message of the process that listens: who it is and where. */
export interface Hello {
  type: 'hello'
  pid: number
  /** e.g. http://127.0.0.1:3000 */
  address: string
  node: string
  /** Drivers the agent patched in this process (better-sqlite3, pg, pg-pool). */
  drivers: string[]
}

export type LabRequest = { cmd: 'start' } | { cmd: 'stop', explain: boolean }
export type LabCommand = LabRequest & { id: number }

export interface Reply<T = unknown> {
  type: 'reply'
  id: number
  ok: boolean
  value?: T
  error?: string
}

/** How a request's wall time was spent, in milliseconds; the parts add up to the whole. */
export interface TimeParts {
  cpu: number
  sql: number
  outbound: number
  wait: number
}

export type WaitKind =
  | 'timer' | 'other-request' | 'pool' | 'file' | 'stream' | 'event-loop-busy' | 'unknown'

/** Time a route's requests spent waiting, by what they waited on and where they awaited it. */
export interface WaitReport {
  kind: WaitKind
  /** Application lines of the await (or of the callback registration), innermost first. */
  site: string[]
  totalMs: number
  count: number
}

export interface StatementReport {
  driver: string
  sql: string
  /** Parameters of the first execution, for EXPLAIN. */
  parameters: unknown[]
  count: number
  /** Sum of every execution's own duration. */
  totalMs: number
  maxMs: number
  /** Most executions of it in flight at once within one request. */
  maxConcurrency: number
  /** Application frames that issued it most often, innermost first. */
  site: string[]
  /** Every line it was seen issued from (sampled), when more than one. */
  sites?: string[]
  plan?: string[]
}

export interface CallReport {
  /** "GET http://127.0.0.1:4001" or a tracked call's name. */
  target: string
  count: number
  totalMs: number
  maxConcurrency: number
  site: string[]
}

/** One event of a request, in ms from its start: for the waterfall of a typical request. */
export interface TimelineEvent {
  kind: 'cpu' | 'sql' | 'outbound' | 'wait'
  startMs: number
  endMs: number
  label: string
}

export interface RouteReport {
  /** "GET /api/posts/v1/slow" (method and path with query, as requested). */
  key: string
  requests: number
  /** Sums over the route's requests. */
  wallMs: number
  parts: TimeParts
  /** CPU spent in the request's context after its response was sent. */
  afterResponseCpuMs: number
  responseBytes: number
  statements: StatementReport[]
  /** Wall time, summed per request, during which at least one statement was running. */
  sqlWallMs: number
  calls: CallReport[]
  /** Wall time, summed per request, during which at least one outbound call was in flight. */
  outboundWallMs: number
  waits: WaitReport[]
  /** Time-averaged requests of this route in flight during the window. */
  meanInFlight: number
  timeline?: { wallMs: number, events: TimelineEvent[] }
}

export interface HotLine {
  /** "src/x.ts:12" (application code: the line where the time is spent or the call is made). */
  location: string
  functionName: string
  ms: number
  /** Percent of the window's busy CPU. */
  percent: number
  /** The library or builtin function, below the application line, that took most of its time. */
  via?: string
}

/** A node of the CPU flame graph (functions, merged along identical stacks). */
export interface FlameNode {
  name: string
  location: string
  /** Inclusive milliseconds. */
  ms: number
  own: boolean
  children: FlameNode[]
}

/** An application function and the bytes it allocated (its callees' included) in the window. */
export interface AllocationSite {
  /** Where the function starts, "src/x.ts:12". */
  location: string
  functionName: string
  bytes: number
}

export interface CpuReport {
  windowMs: number
  busyMs: number
  gcMs: number
  hotLines: HotLine[]
  flame: FlameNode
  /** Bytes allocated in the window (sampled, collected objects included). */
  allocatedBytes: number
  allocations: AllocationSite[]
}

export interface Snapshot {
  windowMs: number
  routes: RouteReport[]
  cpu: CpuReport
  /** Total event-loop stall measured by the agent's heartbeat during the window. */
  stalledMs: number
  /** Source lines around each culprit candidate, "file:line" -> lines (for the report). */
  sources: Record<string, { first: number, lines: string[] }>
}
