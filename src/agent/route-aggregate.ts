// Everything the agent learned about one route during a measurement window: the sums of its
// requests' time parts, its statements and outbound calls with where they are issued, its waits
// by cause and line, and the timeline of a typical request.
import type { CallReport, RouteReport, StatementReport, TimeParts, TimelineEvent, WaitReport } from './protocol.ts'
import type { RequestRecord } from './request-record.ts'

/** Requests per route whose every event is kept, to pick a typical one for the waterfall. */
const TIMELINES = 40

export class RouteAggregate {
  requests = 0
  wallMs = 0
  readonly parts: TimeParts = { cpu: 0, sql: 0, outbound: 0, wait: 0 }
  unexplainedMs = 0
  afterResponseCpuMs = 0
  responseBytes = 0
  sqlWallMs = 0
  outboundWallMs = 0
  private readonly waits = new Map<string, WaitReport>()
  readonly statements = new Map<string, StatementReport>()
  private readonly statementSites = new WeakMap<StatementReport, Map<string, { site: string[], count: number }>>()
  readonly calls = new Map<string, CallReport>()
  private readonly timelines: Array<{ wallMs: number, events: TimelineEvent[] }> = []
  private started = 0
  /** Records that ended, kept until the window closes, for work they do after their response. */
  private readonly finished: RequestRecord[] = []

  constructor (readonly key: string) {}

  /** A new request of this route: whether to keep its events for the waterfall. */
  keepsTimeline (): boolean {
    return this.started++ < TIMELINES
  }

  finish (record: RequestRecord, bytes: number): void {
    const parts = record.parts()
    this.requests++
    this.wallMs += parts.wall
    this.parts.cpu += parts.cpu
    this.parts.sql += parts.sql
    this.parts.outbound += parts.outbound
    this.parts.wait += parts.wait
    this.unexplainedMs += parts.unexplained
    this.sqlWallMs += parts.sqlWall
    this.outboundWallMs += parts.outboundWall
    this.responseBytes += bytes
    for (const wait of record.waits.values()) {
      const id = `${wait.kind} ${wait.site[0] ?? ''}`
      const entry = this.waits.get(id) ?? { kind: wait.kind, site: wait.site, totalMs: 0, count: 0 }
      entry.totalMs += wait.ms
      entry.count += wait.count
      this.waits.set(id, entry)
    }
    if (record.events !== undefined) this.timelines.push({ wallMs: parts.wall, events: record.events })
    this.finished.push(record)
  }

  /** Whether the next execution of `sql` should have its site captured (a sample of them). */
  wantsSite (sql: string): boolean {
    const count = this.statements.get(sql)?.count ?? 0
    return count < 16 || count % 32 === 0
  }

  /** One execution; `site`, when sampled, is where it was issued: the most frequent site is kept. */
  statement (driver: string, sql: string, parameters: readonly unknown[], durationMs: number, concurrency: number, site: string[] | undefined): void {
    let statement = this.statements.get(sql)
    if (statement === undefined) {
      statement = { driver, sql, parameters: [...parameters], count: 0, totalMs: 0, maxMs: 0, maxConcurrency: 0, site: site ?? [] }
      this.statements.set(sql, statement)
    }
    if (site !== undefined && site.length > 0) {
      // The same text can be issued from several lines (two lookups of one table): count them.
      const sites = this.statementSites.get(statement) ?? new Map<string, { site: string[], count: number }>()
      const entry = sites.get(site[0]!) ?? { site, count: 0 }
      entry.count++
      sites.set(site[0]!, entry)
      this.statementSites.set(statement, sites)
      statement.site = [...sites.values()].sort((a, b) => b.count - a.count)[0]!.site
      statement.sites = [...sites.keys()]
    }
    statement.count++
    statement.totalMs += durationMs
    statement.maxMs = Math.max(statement.maxMs, durationMs)
    statement.maxConcurrency = Math.max(statement.maxConcurrency, concurrency)
  }

  call (target: string, durationMs: number, concurrency: number, site: () => string[]): void {
    let call = this.calls.get(target)
    if (call === undefined) {
      call = { target, count: 0, totalMs: 0, maxConcurrency: 0, site: site() }
      this.calls.set(target, call)
    }
    call.count++
    call.totalMs += durationMs
    call.maxConcurrency = Math.max(call.maxConcurrency, concurrency)
  }

  report (windowMs: number): RouteReport {
    const byTime = <T extends { totalMs: number }>(items: Iterable<T>): T[] => [...items].sort((a, b) => b.totalMs - a.totalMs)
    const waits = byTime(this.waits.values())
    if (this.unexplainedMs > 0.01) waits.push({ kind: 'unknown', site: [], totalMs: this.unexplainedMs, count: this.requests })
    const typical = [...this.timelines].sort((a, b) => a.wallMs - b.wallMs)[this.timelines.length >> 1]
    return {
      key: this.key,
      requests: this.requests,
      wallMs: this.wallMs,
      parts: { ...this.parts },
      afterResponseCpuMs: this.finished.reduce((sum, record) => sum + record.afterResponseCpuMs, 0),
      responseBytes: this.responseBytes,
      statements: byTime(this.statements.values()),
      sqlWallMs: this.sqlWallMs,
      calls: byTime(this.calls.values()),
      outboundWallMs: this.outboundWallMs,
      waits,
      meanInFlight: windowMs > 0 ? this.wallMs / windowMs : 0,
      ...(typical === undefined ? {} : { timeline: typical })
    }
  }
}
