// Scenario missing-index: an activity log, large enough for a full scan to hurt. The same rows
// live in two tables: `events_unindexed` as the table first shipped, `events` as it is after the
// fix (migration 0005), so the lab can compare both states side by side.
import type { Kysely } from 'kysely'
import { dialectOf } from '../database.ts'

export async function up (db: Kysely<unknown>): Promise<void> {
  // SQLite's INTEGER is 64-bit: bigint on PostgreSQL keeps the same range.
  const integer = dialectOf(db) === 'postgres' ? 'bigint' : 'integer'
  for (const table of ['events', 'events_unindexed']) {
    await db.schema
      .createTable(table)
      .addColumn('id', integer, (col) => col.primaryKey())
      .addColumn('user_id', integer, (col) => col.notNull())
      .addColumn('kind', 'text', (col) => col.notNull())
      .addColumn('payload', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute()
  }
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('events_unindexed').execute()
  await db.schema.dropTable('events').execute()
}
