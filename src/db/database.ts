// createDb: the one place that knows which SQL dialect is in use. SQLite (better-sqlite3) is
// the embedded default, PostgreSQL (pg, pooled) the production shape when DATABASE_URL is set;
// every statement goes through the instrumented driver.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import {
  Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Dialect, type KyselyPlugin
} from 'kysely'
import pg from 'pg'
import type { Config } from '../config.ts'
import { markInfrastructure } from '../instrumentation/infrastructure.ts'
import { instrumentDialect, type QueryObserver } from './instrumented-dialect.ts'
import { Database as SQLite, type Connection, type Statement } from './sqlite-library.ts'
import type { Database } from './schema.ts'

markInfrastructure(import.meta.url)

export type Db = Kysely<Database>

export type DialectName = 'sqlite' | 'postgres'

export type DbConfig = Pick<Config, 'databaseFile' | 'databaseUrl' | 'dbLatencyMs' | 'dbPoolSize' | 'dbStatementTimeoutMs'>

export interface DbOptions {
  onQuery?: QueryObserver
  onConnectionWait?: (durationMs: number) => void
  plugins?: KyselyPlugin[]
}

function sqliteDialect (file: string): Dialect {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const database = new SQLite(file)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  database.pragma('cache_size = -65536')
  return new SqliteDialect({ database: withStatementCache(database) })
}

/**
 * Kysely's SQLite driver prepares every statement anew; compiling the SQL costs more than
 * running a small query. Prepared statements are reused per SQL text (bounded).
 */
function withStatementCache (database: Connection, limit = 500): Connection {
  const cache = new Map<string, Statement>()
  const prepare = database.prepare.bind(database)
  database.prepare = ((sql: string) => {
    let statement = cache.get(sql)
    if (statement === undefined) {
      statement = prepare(sql)
      if (cache.size >= limit) cache.delete(cache.keys().next().value!)
      cache.set(sql, statement)
    }
    return statement
  }) as typeof database.prepare
  return database
}

/** int8 (ids, count(*)) as a JS number, the way SQLite's INTEGER arrives; never a rounded one. */
function int8AsNumber (value: string): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number)) throw new RangeError(`bigint ${value} does not fit a JavaScript number`)
  return number
}

const pgTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => oid === pg.types.builtins.INT8 && format !== 'binary'
    ? int8AsNumber
    : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser
}

function postgresDialect ({ databaseUrl, dbPoolSize, dbStatementTimeoutMs }: DbConfig): Dialect {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: dbPoolSize,
    statement_timeout: dbStatementTimeoutMs, // 0 is not sent: the server's default, no limit
    fallback_application_name: 'baseplate',
    types: pgTypes
  })
  // A pooled connection the server drops while idle (restart, failover) emits 'error' on the pool;
  // unhandled, that would end the process. The pool has already discarded it: the next query
  // opens a new connection, or fails with an error of its own that reaches the request's log.
  pool.on('error', () => {})
  return new PostgresDialect({ pool })
}

export function createDb (config: DbConfig, options: DbOptions = {}): Db {
  const inner = config.databaseUrl === '' ? sqliteDialect(config.databaseFile) : postgresDialect(config)
  // Pool waits (PostgreSQL) and the single connection's mutex (SQLite) both show up as connection wait.
  const dialect = instrumentDialect(inner, {
    latencyMs: config.dbLatencyMs,
    onQuery: options.onQuery ?? (() => {}),
    onConnectionWait: options.onConnectionWait ?? (() => {})
  })
  return new Kysely<Database>({ dialect, plugins: options.plugins ?? [] })
}

/**
 * The dialect a database speaks, also for a transaction or the db a migration receives: read from
 * the adapter createDb chose, the way Kysely's own Migrator asks it about transactional DDL.
 */
export function dialectOf (db: Pick<Kysely<unknown>, 'getExecutor'>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite'
}

/** Folds SQLite's write-ahead log back into the database file (after a bulk seed); PostgreSQL manages its own. */
export async function checkpoint (db: Db): Promise<void> {
  if (dialectOf(db) === 'sqlite') await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db)
}

/**
 * After rows were inserted with explicit ids: SQLite's AUTOINCREMENT notices, PostgreSQL's identity
 * sequence does not, and the next insert would collide. Moves the sequence past the largest id it
 * has handed out or seen, never back (so ids of deleted rows are not reused, as on SQLite).
 */
export async function syncIdSequence (db: Db, table: 'posts' | 'authors' | 'comments'): Promise<void> {
  if (dialectOf(db) !== 'postgres') return
  await sql`
    select setval(seq, greatest((select coalesce(max(id), 0) from ${sql.table(table)}), nextval(seq) - 1) + 1, false)
    from (select pg_get_serial_sequence(${table}, 'id')::regclass as seq) as s`.execute(db)
}
