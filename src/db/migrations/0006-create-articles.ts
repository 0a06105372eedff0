// Scenario over-fetching: long-form articles whose bodies are large.
import type { Kysely } from 'kysely'
import { dialectOf } from '../database.ts'

export async function up (db: Kysely<unknown>): Promise<void> {
  // SQLite's INTEGER is 64-bit: bigint on PostgreSQL keeps the same range.
  const integer = dialectOf(db) === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('articles')
    .addColumn('id', integer, (col) => col.primaryKey())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('summary', 'text', (col) => col.notNull())
    .addColumn('author', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('created_at', 'text', (col) => col.notNull())
    .execute()
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('articles').execute()
}
