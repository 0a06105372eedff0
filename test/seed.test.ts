import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createDb } from '../src/db/database.ts'
import { migrateDown, migrateToLatest } from '../src/db/migrate.ts'
import { countPosts, seedPost, seedPosts } from '../src/db/seed.ts'
import { testConfig } from './helpers/app.ts'

function memoryDb (t: { after: (fn: () => Promise<void>) => void }) {
  const db = createDb(testConfig())
  t.after(() => db.destroy())
  return db
}

describe('seedPosts', () => {
  it('inserts the requested number of posts', async (t) => {
    const db = memoryDb(t)
    await migrateToLatest(db)
    assert.equal(await seedPosts(db, 100), 100)
    assert.equal(await countPosts(db), 100)
  })

  it('is idempotent: seeding again inserts nothing', async (t) => {
    const db = memoryDb(t)
    await migrateToLatest(db)
    await seedPosts(db, 100)
    assert.equal(await seedPosts(db, 100), 0)
    assert.equal(await countPosts(db), 100)
  })

  it('tops up to a larger count without duplicates', async (t) => {
    const db = memoryDb(t)
    await migrateToLatest(db)
    await seedPosts(db, 10)
    assert.equal(await seedPosts(db, 1200), 1190)
    assert.equal(await countPosts(db), 1200)
  })

  it('is deterministic: the same id always gives the same row', async (t) => {
    const db = memoryDb(t)
    await migrateToLatest(db)
    await seedPosts(db, 3)
    const row = await db.selectFrom('posts').selectAll().where('id', '=', 2).executeTakeFirstOrThrow()
    assert.deepEqual(row, seedPost(2))
    assert.deepEqual(seedPost(2), seedPost(2))
  })
})

describe('migrations', () => {
  it('go up and down and up again', async (t) => {
    const db = memoryDb(t)
    const up = await migrateToLatest(db)
    assert.ok(up.length > 0)
    assert.deepEqual(await migrateToLatest(db), [])
    while ((await migrateDown(db)).length > 0);
    const tables = await db.introspection.getTables()
    assert.deepEqual(tables.map((table) => table.name), [])
    assert.deepEqual(await migrateToLatest(db), up)
  })
})
