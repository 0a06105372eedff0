// Wait attribution with async_hooks. Every callback that runs in a request's async context is
// CPU time of that request; every gap between two of them is time it spent not running. When it
// runs again, the resource that resumed it says what it was waiting on: a timer, file or socket
// I/O, a connection pool, or a promise that another request resolved (a lock, a queue, a shared
// in-flight result). The line is the `await` in application code that was suspended. Enabled
// only while the lab measures: promise hooks cost real time, so stacks are kept short.
import { AsyncLocalStorage, createHook, executionAsyncId, type AsyncHook } from 'node:async_hooks'
import type { WaitKind } from './protocol.ts'
import type { RequestRecord, ResourceInfo } from './request-record.ts'
import { applicationSites, captureStack, framesOfHolder, isApplicationFile } from './stacks.ts'

export const requestStorage = new AsyncLocalStorage<RequestRecord>()

const timers = new Set(['Timeout', 'Immediate'])
const files = new Set(['FSREQCALLBACK', 'FSREQPROMISE', 'FILEHANDLE', 'FILEHANDLECLOSEREQ', 'STATWATCHER', 'FSEVENTWRAP'])
const streams = new Set(['TCPWRAP', 'TCPCONNECTWRAP', 'PIPEWRAP', 'PIPECONNECTWRAP', 'TLSWRAP', 'HTTPCLIENTREQUEST', 'HTTPINCOMINGMESSAGE', 'WRITEWRAP', 'SHUTDOWNWRAP', 'GETADDRINFOREQWRAP', 'GETNAMEINFOREQWRAP', 'QUERYWRAP', 'UDPWRAP', 'UDPSENDWRAP', 'ZLIB', 'MESSAGEPORT', 'WORKER'])
/** Awaits inside these libraries are waits for a connection, however they are implemented. */
const poolCode = /[/\\]node_modules[/\\](?:pg-pool|generic-pool|tarn|mysql2[/\\]lib[/\\].*pool|kysely[/\\]dist[/\\].*(?:driver|connection-mutex))/
/** Gaps shorter than this are not worth a cause (microtask hops). */
const TINY_GAP_MS = 0.05

const kindOfType = (type: string): WaitKind =>
  timers.has(type) ? 'timer' : files.has(type) ? 'file' : streams.has(type) ? 'stream' : 'unknown'

/** Resource infos by async id, in two generations: an id is looked up soon after it is created. */
class InfoRegistry {
  private current = new Map<number, ResourceInfo>()
  private previous = new Map<number, ResourceInfo>()
  get (id: number): ResourceInfo | undefined { return this.current.get(id) ?? this.previous.get(id) }
  set (id: number, info: ResourceInfo): void {
    this.current.set(id, info)
    if (this.current.size >= 200_000) {
      this.previous = this.current
      this.current = new Map()
    }
  }

  clear (): void { this.current.clear(); this.previous.clear() }
}

export class AsyncTracker {
  private readonly infos = new InfoRegistry()
  /** The callbacks running now, innermost last, and since when the innermost has been running. */
  private readonly stack: Array<{ record?: RequestRecord, since: number }> = []
  private hook?: AsyncHook

  private readonly onInit = (id: number, type: string, triggerId: number, resource: unknown): void => this.init(id, type, triggerId, resource)

  enable (): void {
    this.hook ??= createHook({
      init: this.onInit,
      before: (id) => {
        const info = this.infos.get(id)
        this.enter(this.owner(requestStorage.getStore(), info), info)
      },
      after: () => this.exit(),
      promiseResolve: (id) => this.resolve(id)
    })
    this.hook.enable()
  }

  disable (): void {
    this.hook?.disable()
    this.stack.length = 0
    this.infos.clear()
  }

  /** The request's first callback: the one that is running now takes it on from here. */
  begin (record: RequestRecord): void {
    const now = performance.now()
    const top = this.stack.at(-1)
    if (top === undefined) return
    this.close(top, now)
    top.record = record
    top.since = now
    record.depth++
  }

  /**
   * The request a callback works for. A request that has been answered keeps only callbacks of
   * resources it created itself (work after its response): `enterWith` also leaves its context
   * on the connection, whose next request's parsing is not its work.
   */
  private owner (record: RequestRecord | undefined, info: ResourceInfo | undefined): RequestRecord | undefined {
    if (record === undefined || record.end === undefined) return record
    return info?.record === record ? record : undefined
  }

  private init (id: number, type: string, triggerId: number, resource: unknown): void {
    const record = requestStorage.getStore()
    // A promise derived from another (an `await` or a `.then`) names it as trigger; others name
    // the resource running now.
    const derived = type === 'PROMISE' && triggerId !== executionAsyncId()
    const info: ResourceInfo = { type, created: performance.now(), trigger: derived ? this.infos.get(triggerId) : undefined }
    if (record !== undefined && record.end === undefined) {
      info.record = record
      // While a statement or a call is in flight, the promises made are the driver's or the
      // client's own, and the time is accounted as that I/O: no stack is worth its cost then.
      if (derived && !record.inIo) {
        // Node's frames that call init hooks (three, or four when a destroy hook is on somewhere),
        // then the line of the `await` or `.then`.
        info.holder = captureStack(this.onInit, 6)
        record.awaits.push(info)
        if (record.awaits.length > 256) record.awaits.splice(0, 128)
      } else if (timers.has(type) || files.has(type)) {
        // Timers and file requests end waits of their own; the rest (ticks, socket writes) do
        // not need a line.
        info.holder = captureStack(this.onInit, 10)
        if (type === 'Timeout') info.delayMs = (resource as { _idleTimeout?: number })._idleTimeout
      }
    }
    this.infos.set(id, info)
  }

  private resolve (id: number): void {
    const info = this.infos.get(id)
    if (info === undefined) return
    const exec = this.infos.get(executionAsyncId())
    info.resolved = { at: performance.now(), by: this.owner(requestStorage.getStore(), exec), exec }
  }

  private enter (record: RequestRecord | undefined, info: ResourceInfo | undefined): void {
    const now = performance.now()
    const top = this.stack.at(-1)
    if (top !== undefined) this.close(top, now)
    this.stack.push({ record, since: now })
    if (record === undefined || record.depth++ > 0) return
    if (record.end === undefined && now > record.lastStop) this.attribute(record, record.lastStop, now, info)
  }

  private exit (): void {
    const now = performance.now()
    const top = this.stack.pop()
    if (top === undefined) return
    this.close(top, now)
    if (top.record !== undefined && --top.record.depth === 0) top.record.lastStop = now
    const next = this.stack.at(-1)
    if (next !== undefined) next.since = now
  }

  /** The innermost callback ran from `since` to `now`: CPU of its request. */
  private close (frame: { record?: RequestRecord, since: number }, now: number): void {
    const record = frame.record
    if (record === undefined || now <= frame.since) return
    if (record.end === undefined) {
      record.running.push([frame.since, now])
      record.event('cpu', frame.since, now, 'running')
    } else {
      record.afterResponseCpuMs += now - Math.max(frame.since, record.end)
    }
    frame.since = now
  }

  /** `record` did not run from `from` to `to`, and `resumed` woke it: name what it waited on. */
  private attribute (record: RequestRecord, from: number, to: number, resumed: ResourceInfo | undefined): void {
    let cursor = from
    const rest: Array<[number, number]> = []
    for (const [start, end] of record.ioDuring(from, to)) {
      if (start > cursor) rest.push([cursor, start])
      cursor = Math.max(cursor, end)
    }
    if (cursor < to) rest.push([cursor, to])
    const waited = rest.reduce((sum, [start, end]) => sum + end - start, 0)
    if (waited === 0) return
    if (waited < TINY_GAP_MS || resumed === undefined) {
      for (const [start, end] of rest) record.addWait('unknown', [], start, end)
      return
    }
    const { kind, readyAt } = this.causeOf(resumed, record)
    const sites = this.siteOf(resumed, record, from)
    for (const [start, end] of rest) {
      // Ready before it could run: the event loop was busy with something else meanwhile.
      const ready = readyAt === undefined ? end : Math.min(end, Math.max(start, readyAt))
      record.addWait(kind, sites, start, ready)
      record.addWait('event-loop-busy', [], ready, end)
    }
  }

  private causeOf (resumed: ResourceInfo, waiter: RequestRecord): { kind: WaitKind, readyAt?: number } {
    if (resumed.type !== 'PROMISE') {
      const due = resumed.delayMs === undefined ? undefined : resumed.created + resumed.delayMs
      return { kind: kindOfType(resumed.type), readyAt: due }
    }
    const pool = this.placeOf(resumed).pool
    const readyAt = resumed.trigger?.resolved?.at
    let awaited = resumed.trigger
    for (let depth = 0; awaited !== undefined && depth < 64; depth++) {
      const resolution = awaited.resolved
      if (resolution === undefined) break
      if (resolution.by !== undefined && resolution.by !== waiter) return { kind: pool ? 'pool' : 'other-request', readyAt }
      const exec = resolution.exec
      if (exec === undefined) break
      if (exec.type !== 'PROMISE') return { kind: pool ? 'pool' : kindOfType(exec.type), readyAt }
      awaited = exec.trigger
    }
    return { kind: pool ? 'pool' : 'unknown', readyAt }
  }

  /**
   * The application lines of the wait, innermost first. When the await that resumed is in
   * application code, it comes first, then the awaits suspended on it (its callers, which await
   * after their callee has suspended). When it is inside a library, the request's application
   * awaits suspended at the time, oldest first: the lines that called into the library.
   */
  private siteOf (resumed: ResourceInfo, record: RequestRecord, gapStart: number): string[] {
    const place = this.placeOf(resumed)
    if (place.site === undefined || (resumed.type === 'PROMISE' && !place.own)) return this.pendingSites(record, gapStart)
    const callers = this.pendingSites(record, gapStart, resumed.created)
    return [place.site, ...callers.filter((site) => site !== place.site)].slice(0, 3)
  }

  /**
   * The request's application awaits created (after `since`) before `at` and still pending then,
   * innermost (oldest) first. Only the latest 64 are looked at: a suspended chain is short.
   */
  pendingSites (record: RequestRecord, at: number, since = -Infinity): string[] {
    const found: string[] = []
    for (let i = record.awaits.length - 1; i >= Math.max(0, record.awaits.length - 64); i--) {
      const candidate = record.awaits[i]!
      if (candidate.created < since || candidate.created > at || (candidate.resolved !== undefined && candidate.resolved.at < at)) continue
      const place = this.placeOf(candidate)
      if (place.own && place.site !== undefined) found.push(place.site)
    }
    return [...new Set(found.reverse())].slice(0, 3)
  }

  private placeOf (info: ResourceInfo): NonNullable<ResourceInfo['place']> {
    if (info.place !== undefined) return info.place
    const frames = info.holder === undefined ? [] : framesOfHolder(info.holder)
    const first = frames.find((frame) => !frame.file.startsWith('node:'))
    info.place = {
      site: applicationSites(info.holder, 1)[0],
      own: first !== undefined && isApplicationFile(first.file),
      pool: first !== undefined && poolCode.test(first.file)
    }
    return info.place
  }
}
