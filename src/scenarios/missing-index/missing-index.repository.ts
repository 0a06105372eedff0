// Scenario missing-index: "the latest events of one user", the same query on the table as first
// shipped (no index on user_id) and on the table after the fix (migration 0005).
import type { Db } from '../../db/database.ts'
import type { EventsTable } from '../../db/schema.ts'
import type { Event } from './missing-index.schemas.ts'

const toEvent = (row: EventsTable): Event =>
  ({ id: row.id, userId: row.user_id, kind: row.kind, payload: row.payload, createdAt: row.created_at })

export async function latestEventsUnindexed (db: Db, userId: number, limit: number): Promise<Event[]> {
  // BOTTLENECK: no index on (user_id, created_at): all 500,000 rows are read and the matches sorted
  // (SQLite: SCAN events_unindexed + TEMP B-TREE; PostgreSQL: Seq Scan under a Sort).
  const rows = await db.selectFrom('events_unindexed').selectAll()
    .where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute()
  return rows.map(toEvent)
}

export async function latestEventsIndexed (db: Db, userId: number, limit: number): Promise<Event[]> {
  // FIX: the same query on a table with the index of migration 0005: a range read of ~40 rows
  // already in created_at order (SQLite: SEARCH events USING INDEX events_user_id_created_at;
  // PostgreSQL: Index Scan Backward using events_user_id_created_at).
  const rows = await db.selectFrom('events').selectAll()
    .where('user_id', '=', userId).orderBy('created_at', 'desc').limit(limit).execute()
  return rows.map(toEvent)
}
