// Seed data for missing-index: an activity log of EVENTS_SEED_COUNT events (500,000 by default)
// over 5,000 users, generated inside the database by one statement, then copied into the table
// that lacks the index. Both dialects produce the same rows, byte for byte.
import { sql } from 'kysely'
import { dialectOf } from '../../db/database.ts'
import type { ScenarioSeed } from '../scenario-server.ts'

export const EVENT_USERS = 5000

/** Event i, computed by the database: user, kind, payload and an ISO-8601 time 37 s after event i - 1. */
const eventsOf = (count: number) => ({
  sqlite: sql`
    WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${count})
    INSERT INTO events (id, user_id, kind, payload, created_at)
    SELECT i,
           (i * 7919) % ${EVENT_USERS} + 1,
           CASE i % 4 WHEN 0 THEN 'view' WHEN 1 THEN 'like' WHEN 2 THEN 'comment' ELSE 'share' END,
           '{"post":' || (i % 100 + 1) || ',"client":"web"}',
           strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || (i * 37) || ' seconds')
    FROM seq`,
  // bigint: i * 7919 outgrows PostgreSQL's 32-bit integer past i = 271,181 (SQLite computes in 64 bits).
  postgres: sql`
    INSERT INTO events (id, user_id, kind, payload, created_at)
    SELECT i,
           (i * 7919) % ${EVENT_USERS} + 1,
           CASE i % 4 WHEN 0 THEN 'view' WHEN 1 THEN 'like' WHEN 2 THEN 'comment' ELSE 'share' END,
           '{"post":' || (i % 100 + 1) || ',"client":"web"}',
           to_char(timestamp '2024-01-01' + make_interval(secs => i * 37), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    FROM generate_series(1::bigint, ${count}) AS i`
})

export const seedEvents: ScenarioSeed = async (db, { eventsSeedCount: count }, log) => {
  if (count === 0) return 0
  const existing = await db.selectFrom('events').select('id').limit(1).execute()
  if (existing.length > 0) return 0
  log(`seeding ${count.toLocaleString('en-US')} events twice (indexed and unindexed tables): the first start takes a few seconds`)
  const dialect = dialectOf(db)
  await db.transaction().execute(async (trx) => {
    // A one-off bulk load, not a request: DB_STATEMENT_TIMEOUT_MS is not meant for it.
    if (dialect === 'postgres') await sql`SET LOCAL statement_timeout = 0`.execute(trx)
    await eventsOf(count)[dialect].execute(trx)
    await sql`INSERT INTO events_unindexed SELECT * FROM events`.execute(trx)
  })
  // PostgreSQL plans from statistics, which a fresh bulk load lacks until autovacuum comes by:
  // gather them now, so the first requests already get the plans the lab will show.
  if (dialect === 'postgres') await sql`ANALYZE events, events_unindexed`.execute(db)
  return 2 * count
}
