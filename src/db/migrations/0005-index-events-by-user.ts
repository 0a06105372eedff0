// FIX (scenario missing-index): "latest events of a user" filters on user_id and sorts on
// created_at; this index serves both, turning a full scan plus sort into an index range read.
import type { Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('events_user_id_created_at').on('events').columns(['user_id', 'created_at']).execute()
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('events_user_id_created_at').execute()
}
