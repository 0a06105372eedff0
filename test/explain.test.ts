// explainQueryPlan on each dialect: plans for queries only, and EXPLAIN ANALYZE that leaves no trace.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { explainQueryPlan } from '../src/db/explain.ts'
import { countPosts } from '../src/db/seed.ts'
import { buildTestApp } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

for (const dialect of dialects) {
  describe(`explainQueryPlan (${dialect})`, () => {
    it('explains queries only: a write gets no plan and is not run', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 3 })
      const { sql, parameters } = app.db.deleteFrom('posts').where('id', '=', 1).compile()
      assert.deepEqual(await explainQueryPlan(app.db, sql, parameters, { analyze: true }), [])
      assert.equal(await countPosts(app.db), 3)
    })

    it('names the table a query reads', async (t) => {
      const app = await buildTestApp(t, { dialect, seedCount: 3 })
      const { sql, parameters } = app.db.selectFrom('posts').selectAll().where('author', '=', 'x').compile()
      const plan = await explainQueryPlan(app.db, sql, parameters)
      assert.deepEqual(plan, dialect === 'sqlite' ? ['SCAN posts'] : ['Seq Scan on posts', "Filter: (author = 'x'::text)"])
    })

    if (dialect === 'postgres') {
      it('with analyze, reports actual times and buffers, and rolls back what the statement wrote', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 3 })
        const plan = await explainQueryPlan(app.db, 'with gone as (delete from posts returning id) select count(*) from gone', [], { analyze: true })
        // PostgreSQL 18 prints rows=3.00
        assert.match(plan.join('\n'), /Delete on posts .*\(actual time=.* rows=3(?:\.00)? loops=1\)/)
        assert.match(plan.join('\n'), /^Buffers: shared hit=\d+/m)
        assert.equal(await countPosts(app.db), 3)
      })
    }
  })
}
