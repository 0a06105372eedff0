// Seed data for missing-index: an activity log of EVENTS_SEED_COUNT events (500,000 by default)
// over 5,000 users, generated inside the database by one recursive statement, then copied into
// the table that lacks the index.
import { sql } from 'kysely'
import type { ScenarioSeed } from '../scenario-server.ts'

export const EVENT_USERS = 5000

export const seedEvents: ScenarioSeed = async (db, { eventsSeedCount: count }, log) => {
  if (count === 0) return 0
  const existing = await db.selectFrom('events').select('id').limit(1).execute()
  if (existing.length > 0) return 0
  log(`seeding ${count.toLocaleString('en-US')} events twice (indexed and unindexed tables): the first start takes a few seconds`)
  await db.transaction().execute(async (trx) => {
    await sql`
      WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < ${count})
      INSERT INTO events (id, user_id, kind, payload, created_at)
      SELECT i,
             (i * 7919) % ${EVENT_USERS} + 1,
             CASE i % 4 WHEN 0 THEN 'view' WHEN 1 THEN 'like' WHEN 2 THEN 'comment' ELSE 'share' END,
             '{"post":' || (i % 100 + 1) || ',"client":"web"}',
             strftime('%Y-%m-%dT%H:%M:%fZ', '2024-01-01', '+' || (i * 37) || ' seconds')
      FROM seq`.execute(trx)
    await sql`INSERT INTO events_unindexed SELECT * FROM events`.execute(trx)
  })
  return 2 * count
}
