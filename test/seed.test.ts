import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { migrateDown, migrateToLatest } from '../src/db/migrate.ts'
import { countPosts, seedPost, seedPosts } from '../src/db/seed.ts'
import { insertPost } from '../src/posts/posts.repository.ts'
import { EVENT_USERS } from '../src/scenarios/missing-index/missing-index.seed.ts'
import { buildTestApp, buildTestDb } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

/** Event i as the missing-index seed must produce it, on every dialect. */
const expectedEvent = (i: number) => ({
  id: i,
  user_id: (i * 7919) % EVENT_USERS + 1,
  kind: ['view', 'like', 'comment', 'share'][i % 4],
  payload: `{"post":${i % 100 + 1},"client":"web"}`,
  created_at: new Date(Date.UTC(2024, 0, 1) + i * 37_000).toISOString()
})

for (const dialect of dialects) {
  describe(dialect, () => {
    describe('seedPosts', () => {
      it('inserts the requested number of posts', async (t) => {
        const db = await buildTestDb(t, dialect)
        await migrateToLatest(db)
        assert.equal(await seedPosts(db, 100), 100)
        assert.equal(await countPosts(db), 100)
      })

      it('is idempotent: seeding again inserts nothing', async (t) => {
        const db = await buildTestDb(t, dialect)
        await migrateToLatest(db)
        await seedPosts(db, 100)
        assert.equal(await seedPosts(db, 100), 0)
        assert.equal(await countPosts(db), 100)
      })

      it('tops up to a larger count without duplicates', async (t) => {
        const db = await buildTestDb(t, dialect)
        await migrateToLatest(db)
        await seedPosts(db, 10)
        assert.equal(await seedPosts(db, 1200), 1190)
        assert.equal(await countPosts(db), 1200)
      })

      it('is deterministic: the same id always gives the same row', async (t) => {
        const db = await buildTestDb(t, dialect)
        await migrateToLatest(db)
        await seedPosts(db, 3)
        const row = await db.selectFrom('posts').selectAll().where('id', '=', 2).executeTakeFirstOrThrow()
        assert.deepEqual(row, seedPost(2))
        assert.deepEqual(seedPost(2), seedPost(2))
      })

      it('leaves the next generated id after the seeded ones, and never reuses a deleted one', async (t) => {
        const db = await buildTestDb(t, dialect)
        await migrateToLatest(db)
        await seedPosts(db, 3)
        const post = { title: 't', content: 'c', author: 'a' }
        assert.equal((await insertPost(db, post)).id, 4)
        await db.deleteFrom('posts').where('id', '>=', 3).execute()
        await seedPosts(db, 2)
        assert.equal((await insertPost(db, post)).id, 5)
      })
    })

    describe('scenario seeds', () => {
      it('generate the same events on every dialect, in both event tables', async (t) => {
        const app = await buildTestApp(t, { dialect, seedScenarios: true, eventsSeedCount: 500 })
        const expected = Array.from({ length: 500 }, (_, i) => expectedEvent(i + 1))
        for (const table of ['events', 'events_unindexed'] as const) {
          assert.deepEqual(await app.db.selectFrom(table).selectAll().orderBy('id').execute(), expected, table)
        }
      })
    })

    describe('migrations', () => {
      it('go up and down and up again', async (t) => {
        const db = await buildTestDb(t, dialect)
        const up = await migrateToLatest(db)
        assert.ok(up.length > 0)
        assert.deepEqual(await migrateToLatest(db), [])
        while ((await migrateDown(db)).length > 0);
        // PostgreSQL lists every schema's tables: this test's schema is the one in its search_path.
        const schema = dialect === 'postgres' ? (await sql<{ name: string }>`select current_schema() as name`.execute(db)).rows[0]?.name : undefined
        const tables = (await db.introspection.getTables()).filter((table) => table.schema === schema)
        assert.deepEqual(tables.map((table) => table.name), [])
        assert.deepEqual(await migrateToLatest(db), up)
      })
    })
  })
}
