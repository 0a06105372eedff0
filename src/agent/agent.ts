// The agent: what the lab injects into a service. It sees requests where node:http sees them
// (the http.server.* diagnostics channels, so Express, Fastify, Koa and plain node:http alike),
// follows each through its async context, and accounts for its wall time as CPU, SQL, outbound
// I/O or waiting, with the application line behind each part. Everything is off until the lab
// starts a measurement window.
import diagnosticsChannel from 'node:diagnostics_channel'
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { AsyncTracker, requestStorage } from './async-tracker.ts'
import { CpuSampler } from './cpu-sampler.ts'
import { HeapSampler } from './heap-sampler.ts'
import { observeOutbound } from './outbound-channels.ts'
import type { Snapshot } from './protocol.ts'
import { RequestRecord } from './request-record.ts'
import { RouteAggregate } from './route-aggregate.ts'
import { explain, patchDrivers, patchLoaded, type DriverClasses, type StatementEvent } from './sql-drivers.ts'
import { applicationSites, captureStack, toPath, type StackHolder } from './stacks.ts'

interface ServerMessage { request: IncomingMessage, response: ServerResponse, socket: Socket }

export class Agent {
  private readonly tracker = new AsyncTracker()
  private readonly cpu = new CpuSampler()
  private readonly heap = new HeapSampler()
  private routes = new Map<string, RouteAggregate>()
  private readonly records = new WeakMap<ServerResponse, RequestRecord>()
  private measuring = false
  private startedAt = 0
  private stall = { timer: undefined as NodeJS.Timeout | undefined, expected: 0, totalMs: 0 }

  /**
   * Installed as early as possible (the preload): driver patches must precede the service's
   * requires. Inside a process whose drivers are already loaded, pass their classes instead.
   */
  install (loaded?: DriverClasses): void {
    if (loaded === undefined) patchDrivers({ begin: (event) => this.statement(event) })
    else patchLoaded(loaded, { begin: (event) => this.statement(event) })
    observeOutbound({ begin: (target) => this.call(target), roundTrip: () => this.roundTrip() })
    diagnosticsChannel.subscribe('http.server.request.start', (message) => this.requestStart(message as ServerMessage))
    diagnosticsChannel.subscribe('http.server.response.finish', (message) => this.responseFinish(message as ServerMessage))
    this.cpu.prime()
  }

  async start (): Promise<void> {
    this.routes = new Map()
    await this.heap.start()
    this.tracker.enable()
    this.cpu.start()
    this.stall.totalMs = 0
    this.stall.expected = performance.now() + 10
    this.stall.timer = setInterval(() => {
      const now = performance.now()
      if (now - this.stall.expected > 2) this.stall.totalMs += now - this.stall.expected
      this.stall.expected = now + 10
    }, 10).unref()
    this.startedAt = performance.now()
    this.measuring = true
  }

  async stop ({ explain: withPlans }: { explain: boolean }): Promise<Snapshot> {
    this.measuring = false
    const windowMs = performance.now() - this.startedAt
    this.tracker.disable()
    clearInterval(this.stall.timer)
    const cpu = { ...this.cpu.stop(), ...await this.heap.stop() }
    const routes = [...this.routes.values()].map((route) => route.report(windowMs))
    if (withPlans) {
      for (const route of routes) {
        for (const statement of route.statements.slice(0, 3)) statement.plan = await explain(statement.driver, statement.sql, statement.parameters)
      }
    }
    const places = [
      ...cpu.hotLines.slice(0, 5).map((line) => line.location),
      ...routes.flatMap((route) => [...route.statements.slice(0, 3), ...route.calls.slice(0, 3), ...route.waits.slice(0, 3)].map((item) => item.site[0]))
    ]
    return { windowMs, routes, cpu, stalledMs: this.stall.totalMs, sources: sourceContext(places) }
  }

  private requestStart ({ request, response, socket }: ServerMessage): void {
    if (!this.measuring) return
    const key = `${request.method ?? 'GET'} ${request.url ?? '/'}`
    let route = this.routes.get(key)
    if (route === undefined) this.routes.set(key, route = new RouteAggregate(key))
    const record = new RequestRecord(key, performance.now(), socket.bytesWritten)
    if (route.keepsTimeline()) record.events = []
    this.records.set(response, record)
    // From here on, everything this request causes runs in its context.
    requestStorage.enterWith(record)
    this.tracker.begin(record)
  }

  private responseFinish ({ response, socket }: ServerMessage): void {
    const record = this.records.get(response)
    if (record === undefined || record.end !== undefined) return
    record.end = performance.now()
    this.routes.get(record.key)?.finish(record, socket.bytesWritten - record.bytesAtStart)
  }

  /** The request running now, if it is still being answered. */
  private current (): RequestRecord | undefined {
    const record = requestStorage.getStore()
    return record !== undefined && record.end === undefined && this.measuring ? record : undefined
  }

  private statement (event: StatementEvent): () => void {
    const record = this.current()
    if (record === undefined) return () => {}
    const route = this.routes.get(record.key)!
    const concurrency = event.sync ? 1 : ++record.inFlightSql
    const site = route.wantsSite(event.sql) ? this.siteNow(record, captureStack(this.statement)) : undefined
    const close = event.sync ? undefined : record.beginIo(event.started, record.sqlIntervals)
    return () => {
      const end = performance.now()
      if (close === undefined) record.syncSqlMs += end - event.started
      else {
        record.inFlightSql--
        close(end)
      }
      record.event('sql', event.started, end, event.sql)
      route.statement(event.driver, event.sql, event.parameters, end - event.started, concurrency, site)
    }
  }

  /** A database round trip outside the driver (a simulated network hop): SQL time, no statement. */
  private roundTrip (): () => void {
    const record = this.current()
    if (record === undefined) return () => {}
    const started = performance.now()
    const close = record.beginIo(started, record.sqlIntervals)
    return () => {
      const end = performance.now()
      close(end)
      record.event('sql', started, end, 'database round trip')
    }
  }

  /**
   * Where the application issued something: the application frames of the stack, or, when the
   * stack holds none (a client that starts its request on a later tick), the request's awaits
   * still suspended now, innermost first.
   */
  private siteNow (record: RequestRecord, holder: StackHolder): string[] {
    const sites = applicationSites(holder)
    return sites.length > 0 ? sites : this.tracker.pendingSites(record, performance.now())
  }

  private call (target: string): () => void {
    const record = this.current()
    if (record === undefined) return () => {}
    const route = this.routes.get(record.key)!
    const started = performance.now()
    const concurrency = ++record.inFlightCalls
    const holder = route.calls.has(target) ? undefined : this.siteNow(record, captureStack(this.call, 64))
    const close = record.beginIo(started, record.outboundIntervals)
    return () => {
      const end = performance.now()
      record.inFlightCalls--
      close(end)
      record.event('outbound', started, end, target)
      route.call(target, end - started, concurrency, () => holder ?? [])
    }
  }
}

/** Source lines around each place ("file:line"), read from disk, for the report. */
function sourceContext (places: Array<string | undefined>): Snapshot['sources'] {
  const sources: Snapshot['sources'] = {}
  for (const place of places) {
    if (place === undefined || place in sources) continue
    const match = /^(.*):(\d+)$/.exec(place)
    if (match === null) continue
    try {
      const lines = readFileSync(toPath(match[1]!.startsWith('/') ? match[1]! : `${process.cwd()}/${match[1]}`), 'utf8').split('\n')
      const line = Number(match[2])
      const first = Math.max(1, line - 3)
      sources[place] = { first, lines: lines.slice(first - 1, line + 2) }
    } catch {
      // A file that cannot be read (gone, or a builtin) simply has no context.
    }
  }
  return sources
}
