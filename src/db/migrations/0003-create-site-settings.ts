// Scenario event-loop-block: the site's settings, one JSON document (stored as UTF-8 bytes) that
// also keeps its change history, and a version bumped on every change.
import type { Kysely } from 'kysely'
import { dialectOf } from '../database.ts'

export async function up (db: Kysely<unknown>): Promise<void> {
  const postgres = dialectOf(db) === 'postgres'
  await db.schema
    .createTable('site_settings')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('version', postgres ? 'bigint' : 'integer', (col) => col.notNull())
    .addColumn('document', postgres ? 'bytea' : 'blob', (col) => col.notNull())
    .execute()
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('site_settings').execute()
}
