// The posts table of the original blog API.
import { sql, type Kysely } from 'kysely'
import { dialectOf } from '../database.ts'

export async function up (db: Kysely<unknown>): Promise<void> {
  // SQLite's INTEGER is 64-bit: bigint on PostgreSQL keeps the same range. The application always
  // writes created_at; PostgreSQL's default at least writes the same format, for rows added by hand.
  const postgres = dialectOf(db) === 'postgres'
  await db.schema
    .createTable('posts')
    .addColumn('id', postgres ? 'bigint' : 'integer', (col) =>
      postgres ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey().autoIncrement())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('content', 'text', (col) => col.notNull())
    .addColumn('author', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull().defaultTo(postgres
      ? sql`to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
      : sql`CURRENT_TIMESTAMP`))
    .execute()
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('posts').execute()
}
