// SQL seen in the drivers themselves, whichever copy the service loads: better-sqlite3 (every
// statement's run/get/all/iterate and exec) and pg (Client#query), patched as they load through
// require-in-the-middle, so that a service needs no change. Query plans are read through the same
// driver, with the statement's first parameters, once the measurement is over.
import { createRequire } from 'node:module'

export interface StatementEvent {
  driver: 'better-sqlite3' | 'pg'
  sql: string
  parameters: readonly unknown[]
  /** Call time, to capture where it was issued; `end` is called when it is done. */
  started: number
  sync: boolean
}

export interface SqlSink {
  /** A statement begins; the returned function is called when it ends. */
  begin: (event: StatementEvent) => () => void
}

type Explain = (sql: string, parameters: readonly unknown[], analyze: boolean) => Promise<string[]>

const patched = Symbol.for('baseplate.agent.patched')
const explainers = new Map<string, Explain>()
export const patchedDrivers = new Set<string>()

/** The plan of a statement the service ran, through its own driver (SELECTs only). */
export async function explain (driver: string, sql: string, parameters: readonly unknown[]): Promise<string[] | undefined> {
  if (!/^\s*(select|with)\b/i.test(sql)) return undefined
  return explainers.get(driver)?.(sql, parameters, true).catch(() => undefined)
}

type Method = (this: unknown, ...args: unknown[]) => unknown

/** Times a synchronous better-sqlite3 method; `sqlOf` reads the statement's text. */
function timed (sink: SqlSink, sqlOf: (self: unknown, args: unknown[]) => string, original: Method): Method {
  return function (this: unknown, ...args: unknown[]) {
    const end = sink.begin({ driver: 'better-sqlite3', sql: sqlOf(this, args), parameters: args, started: performance.now(), sync: true })
    try {
      return original.apply(this, args)
    } finally {
      end()
    }
  }
}

const isDatabaseClass = (value: unknown): boolean =>
  typeof value === 'function' && typeof (value as { prototype?: { prepare?: unknown } }).prototype?.prepare === 'function'

function patchSqlite (Database: (new (file: string) => { prepare: (sql: string) => object, close: () => void }) & { prototype: Record<string, Method> }, sink: SqlSink): void {
  const proto = Database.prototype
  if (proto[patched as never] !== undefined) return
  Object.defineProperty(proto, patched, { value: true })
  // Statements are native objects of one class: its prototype is patched once, now, so that
  // statements prepared by any path (even through a prepare bound before this) are timed.
  const scratch = new Database(':memory:')
  const statementProto = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<string, Method>
  scratch.close()
  const all = statementProto.all!
  const prepare = proto.prepare!
  let database: unknown
  const source = (self: unknown): string => {
    database = (self as { database: unknown }).database
    return (self as { source: string }).source
  }
  for (const method of ['run', 'get', 'all', 'iterate'] as const) statementProto[method] = timed(sink, source, statementProto[method]!)
  proto.exec = timed(sink, (_self, args) => String(args[0]), proto.exec!)
  explainers.set('better-sqlite3', async (sql, parameters) => {
    if (database === undefined) return []
    const plan = prepare.call(database, `EXPLAIN QUERY PLAN ${sql}`)
    return (all.apply(plan, [...parameters]) as Array<{ detail: string }>).map((row) => row.detail)
  })
  patchedDrivers.add('better-sqlite3')
}

function patchPg (Client: { prototype: Record<string, Method> }, sink: SqlSink): void {
  const proto = Client.prototype
  if (proto[patched as never] !== undefined) return
  Object.defineProperty(proto, patched, { value: true })
  const query = proto.query!
  proto.query = function (this: unknown, ...args: unknown[]) {
    const [config, values] = args as [string | { text?: string, values?: unknown[], submit?: unknown }, unknown]
    const sql = typeof config === 'string' ? config : config?.text
    // Streams and cursors (objects with submit) are left alone.
    if (sql === undefined || (typeof config === 'object' && typeof config.submit === 'function')) return query.apply(this, args)
    const parameters = (Array.isArray(values) ? values : typeof config === 'object' ? config.values : undefined) ?? []
    const end = sink.begin({ driver: 'pg', sql, parameters, started: performance.now(), sync: false })
    const callbackAt = args.findIndex((arg) => typeof arg === 'function')
    if (callbackAt >= 0) {
      const callback = args[callbackAt] as Method
      args[callbackAt] = function (this: unknown, ...result: unknown[]) { end(); return callback.apply(this, result) }
      return query.apply(this, args)
    }
    const result = query.apply(this, args) as Promise<unknown> | undefined
    if (typeof result?.then === 'function') result.then(end, end)
    else end()
    return result
  }
  patchedDrivers.add('pg')
}

/**
 * PostgreSQL's plan, as short as SQLite's: the nodes with their conditions and actual rows; no
 * planner costs, buffers, workers or planning time, which a reader of a verdict does not need.
 */
export function compactPlan (lines: string[]): string[] {
  return lines
    .map((line) => line.trim().replace(/^->\s*/, '').replace(/\s*\(cost=[^)]*\)/, '').replace(/\(actual time=[\d.]+\.\.([\d.]+) rows=(\d+) loops=(\d+)\)/, '(rows=$2, $1 ms)'))
    .filter((line) => !/^(Buffers|Planning|Worker|Workers|Sort Method|Heap Blocks|I\/O Timings)\b/.test(line))
}

/** The pools' connect is only watched: the latest pool in use is the one to explain with. */
function rememberPool (Pool: { prototype: Record<string, Method> }): void {
  const proto = Pool.prototype
  if (proto[patched as never] !== undefined) return
  Object.defineProperty(proto, patched, { value: true })
  const connect = proto.connect!
  type Client = { query: (sql: string, p: unknown[]) => Promise<{ rows: Array<Record<string, string>> }>, release: () => void }
  let pool: { connect: () => Promise<Client> } | undefined
  proto.connect = function (this: unknown, ...args: unknown[]) {
    pool = this as typeof pool
    return connect.apply(this, args)
  }
  explainers.set('pg', async (sql, parameters, analyze) => {
    if (pool === undefined) return []
    const client = await pool.connect()
    try {
      // ANALYZE runs the statement: inside a transaction that is always rolled back.
      await client.query('BEGIN', [])
      const { rows } = await client.query(`EXPLAIN ${analyze ? '(ANALYZE, BUFFERS) ' : ''}${sql}`, [...parameters])
      return compactPlan(rows.map((row) => String(Object.values(row)[0])))
    } finally {
      await client.query('ROLLBACK', []).catch(() => {})
      client.release()
    }
  })
  patchedDrivers.add('pg-pool')
}

/** The driver classes the agent patches, by the module that defines them. */
export interface DriverClasses {
  /** better-sqlite3's Database: the package's main export, in 12 and in 13 alike. */
  'better-sqlite3'?: unknown
  /** pg's Client (`pg.Client`). */
  'pg/lib/client.js'?: unknown
  /** pg-pool's Pool (`pg.Pool`). */
  'pg-pool'?: unknown
}

/** Patches driver classes already loaded (for an agent started inside a process, as tests do). */
export function patchLoaded (classes: DriverClasses, sink: SqlSink): void {
  if (isDatabaseClass(classes['better-sqlite3'])) patchSqlite(classes['better-sqlite3'] as never, sink)
  if (classes['pg/lib/client.js'] !== undefined) patchPg(classes['pg/lib/client.js'] as never, sink)
  if (classes['pg-pool'] !== undefined) rememberPool(classes['pg-pool'] as never)
}

/** Patches the drivers as the service loads them (CommonJS requires, also inside packages). */
export function patchDrivers (sink: SqlSink): void {
  const require = createRequire(import.meta.url)
  const { Hook } = require('require-in-the-middle') as typeof import('require-in-the-middle')
  // better-sqlite3-napi: Baseplate's own alias for better-sqlite3 13 (see db/sqlite-library.ts).
  // eslint-disable-next-line no-new
  new Hook(['better-sqlite3', 'better-sqlite3-napi', 'pg', 'pg-pool'], { internals: true }, (exports, name) => {
    const module = name.replace(/^better-sqlite3-napi(?=\/|$)/, 'better-sqlite3')
    // A service that imports better-sqlite3 from ESM never requires its main file, only what that
    // file requires: the class itself in 12, a factory that makes the class in 13.
    if (module === 'better-sqlite3/lib/database.js') {
      if (isDatabaseClass(exports)) patchSqlite(exports as never, sink)
      else if (typeof exports === 'function') {
        const createDatabase = exports as (...args: unknown[]) => unknown
        const patchingFactory = (...args: unknown[]) => {
          const Database = createDatabase(...args)
          if (isDatabaseClass(Database)) patchSqlite(Database as never, sink)
          return Database
        }
        return patchingFactory as typeof exports
      }
      return exports
    }
    patchLoaded({ [module]: exports }, sink)
    return exports
  })
}
