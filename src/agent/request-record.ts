// One request as the agent sees it: when it ran on the CPU, which statements and calls it had in
// flight, and what it waited on between. At its end the wall time is split into parts that add
// up exactly: CPU, SQL, outbound I/O and waiting (by cause and line).
import { length, subtract, union, type Interval } from './intervals.ts'
import type { TimeParts, TimelineEvent, WaitKind } from './protocol.ts'
import type { StackHolder } from './stacks.ts'

export interface Resolution { at: number, by?: RequestRecord, exec?: ResourceInfo }

export interface ResourceInfo {
  type: string
  created: number
  /** The request in whose context it was created, if any. */
  record?: RequestRecord
  /** For a promise: the promise it was derived from, i.e. the one an `await` waits on. */
  trigger?: ResourceInfo
  /** Where it was created (captured in request contexts only; one frame for an `await`). */
  holder?: StackHolder
  /** Its innermost frame's application line, and whether pool code created it, worked out once. */
  place?: { site?: string, own: boolean, pool: boolean }
  /** A timer's delay, to know when it was due. */
  delayMs?: number
  resolved?: Resolution
}

export interface WaitEntry { kind: WaitKind, site: string[], ms: number, count: number }

export class RequestRecord {
  end?: number
  /** Closed CPU segments (the request's callbacks running), before and after the response. */
  readonly running: Interval[] = []
  afterResponseCpuMs = 0
  /** Synchronous driver time (better-sqlite3) inside running segments. */
  syncSqlMs = 0
  readonly sqlIntervals: Interval[] = []
  readonly outboundIntervals: Interval[] = []
  readonly waits = new Map<string, WaitEntry>()
  /** Frames of this request's context on the callback stack right now. */
  depth = 0
  /** When it last stopped running: a gap until it runs again is waiting (or I/O). */
  lastStop: number
  inFlightSql = 0
  inFlightCalls = 0
  /** Statements and calls in flight: I/O already, though their intervals are not closed yet. */
  private readonly openIo = new Set<{ start: number }>()
  /** Kept for a few requests of each route, for the waterfall of a typical one. */
  events?: TimelineEvent[]
  /** Its latest promises derived by `await`/`.then` (bounded): where it may be suspended. */
  readonly awaits: ResourceInfo[] = []

  constructor (readonly key: string, readonly start: number, readonly bytesAtStart: number) {
    this.lastStop = start
  }

  /** Waiting from `from` to `to` on `kind`, at `site` (application lines, innermost first). */
  addWait (kind: WaitKind, site: string[], from: number, to: number): void {
    const ms = to - from
    if (ms <= 0) return
    const id = `${kind} ${site[0] ?? ''}`
    const entry = this.waits.get(id) ?? { kind, site, ms: 0, count: 0 }
    entry.ms += ms
    entry.count++
    this.waits.set(id, entry)
    this.event('wait', from, to, `${kind}${site[0] === undefined ? '' : ` at ${site[0]}`}`)
  }

  event (kind: TimelineEvent['kind'], from: number, to: number, label: string): void {
    if (this.events === undefined || to <= from) return
    const last = this.events.at(-1)
    // Adjacent CPU segments read as one bar.
    if (kind === 'cpu' && last?.kind === 'cpu' && from - (last.endMs + this.start) < 0.05) last.endMs = to - this.start
    else this.events.push({ kind, startMs: from - this.start, endMs: to - this.start, label })
  }

  /** Statements or calls in flight right now (what it awaits meanwhile is that I/O). */
  get inIo (): boolean {
    return this.openIo.size > 0
  }

  /** An asynchronous statement or call starts; the returned function closes it into `into`. */
  beginIo (start: number, into: Interval[]): (end: number) => void {
    const open = { start }
    this.openIo.add(open)
    return (end) => {
      this.openIo.delete(open)
      into.push([start, end])
    }
  }

  /**
   * Known I/O (statements, calls, open or closed) overlapping [from, to]: not waiting. Closed
   * intervals are pushed as they end, so a backward walk stops at the first that ended before.
   */
  ioDuring (from: number, to: number): Interval[] {
    const found: Interval[] = []
    for (const list of [this.sqlIntervals, this.outboundIntervals]) {
      for (let i = list.length - 1; i >= 0; i--) {
        const [start, end] = list[i]!
        if (end <= from) break
        if (start < to) found.push([Math.max(start, from), Math.min(end, to)])
      }
    }
    for (const { start } of this.openIo) if (start < to) found.push([Math.max(start, from), to])
    return union(found)
  }

  /** The exclusive parts of the wall time (needs `end`). */
  parts (): TimeParts & { wall: number, unexplained: number, sqlWall: number, outboundWall: number } {
    const end = this.end ?? performance.now()
    const clip = (intervals: Interval[]): Interval[] => union(intervals.map(([s, e]): Interval => [Math.max(s, this.start), Math.min(e, end)]))
    const running = clip(this.running)
    const sql = clip(this.sqlIntervals)
    const outbound = clip(this.outboundIntervals)
    const sqlOutside = subtract(sql, running)
    const outboundOutside = subtract(subtract(outbound, running), sql)
    const wall = end - this.start
    const cpu = Math.max(0, length(running) - this.syncSqlMs)
    const sqlMs = this.syncSqlMs + length(sqlOutside)
    const outboundMs = length(outboundOutside)
    const wait = Math.max(0, wall - cpu - sqlMs - outboundMs)
    const named = [...this.waits.values()].reduce((sum, w) => sum + w.ms, 0)
    return {
      wall,
      cpu,
      sql: sqlMs,
      outbound: outboundMs,
      wait,
      unexplained: Math.max(0, wait - named),
      sqlWall: this.syncSqlMs + length(sql),
      outboundWall: length(outbound)
    }
  }
}
