// createDb: the one place that knows which SQL dialect is in use. SQLite (better-sqlite3) is
// the embedded default; every statement goes through the instrumented driver.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect, sql, type Dialect, type KyselyPlugin } from 'kysely'
import type { Config } from '../config.ts'
import { markInfrastructure } from '../instrumentation/call-site.ts'
import { instrumentDialect, type QueryObserver } from './instrumented-dialect.ts'
import type { Database } from './schema.ts'

markInfrastructure(import.meta.url)

export type Db = Kysely<Database>

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
  return new SqliteDialect({ database: withStatementCache(database) })
}

/**
 * Kysely's SQLite driver prepares every statement anew; compiling the SQL costs more than
 * running a small query. Prepared statements are reused per SQL text (bounded).
 */
function withStatementCache (database: SQLite.Database, limit = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>()
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

export function createDb (config: Pick<Config, 'databaseFile' | 'databaseUrl' | 'dbLatencyMs'>, options: DbOptions = {}): Db {
  if (config.databaseUrl !== '') {
    throw new Error('DATABASE_URL (PostgreSQL) is not supported yet; unset it to use the embedded SQLite database')
  }
  const dialect = instrumentDialect(sqliteDialect(config.databaseFile), {
    latencyMs: config.dbLatencyMs,
    onQuery: options.onQuery ?? (() => {}),
    onConnectionWait: options.onConnectionWait ?? (() => {})
  })
  return new Kysely<Database>({ dialect, plugins: options.plugins ?? [] })
}

/** Folds SQLite's write-ahead log back into the database file (after a bulk seed). */
export async function checkpoint (db: Db): Promise<void> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db)
}
