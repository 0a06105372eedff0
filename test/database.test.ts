// createDb on each dialect: what it tells about itself, how integers come back, and the pool settings.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { sql } from 'kysely'
import { checkpoint, dialectOf } from '../src/db/database.ts'
import { buildTestDb } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

for (const dialect of dialects) {
  describe(`createDb (${dialect})`, () => {
    it('tells its dialect, also inside a transaction', async (t) => {
      const db = await buildTestDb(t, dialect)
      assert.equal(dialectOf(db), dialect)
      assert.equal(await db.transaction().execute(async (trx) => dialectOf(trx)), dialect)
    })

    it('returns integers as numbers, count(*) included', async (t) => {
      const db = await buildTestDb(t, dialect)
      const { rows } = await sql<{ n: unknown, big: unknown }>`select count(*) as n, 1099511627776 * 2 as big`.execute(db)
      assert.deepEqual(rows, [{ n: 1, big: 2 ** 41 }])
    })

    it('checkpoints the write-ahead log on SQLite, and leaves PostgreSQL to itself', async (t) => {
      await checkpoint(await buildTestDb(t, dialect))
    })
  })
}

if (dialects.includes('postgres')) {
  describe('createDb on PostgreSQL', () => {
    it('refuses a bigint a JavaScript number cannot hold exactly, rather than rounding it', async (t) => {
      const db = await buildTestDb(t, 'postgres')
      await assert.rejects(sql`select 9007199254740993::bigint as n`.execute(db), /bigint 9007199254740993 does not fit a JavaScript number/)
    })

    it('opens at most DB_POOL_SIZE connections', async (t) => {
      const db = await buildTestDb(t, 'postgres', { dbPoolSize: 2 })
      const pids = await Promise.all(Array.from({ length: 6 }, async () =>
        (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.02)`.execute(db)).rows[0]!.pid))
      assert.equal(new Set(pids).size, 2)
    })

    it('has the server cancel a statement after DB_STATEMENT_TIMEOUT_MS', async (t) => {
      const db = await buildTestDb(t, 'postgres', { dbStatementTimeoutMs: 50 })
      await assert.rejects(sql`select pg_sleep(5)`.execute(db), /canceling statement due to statement timeout/)
      const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(db)
      assert.deepEqual(rows, [{ statement_timeout: '50ms' }])
    })
  })
}
