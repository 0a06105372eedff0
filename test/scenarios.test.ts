// One functional suite per scenario, run against its slow and its fast route: same observable
// results, whatever the speed. Structure (queries per request, query plans) is asserted too.
import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { explainQueryPlan } from '../src/db/explain.ts'
import { scenarios, type ScenarioName } from '../src/scenarios/catalogue.ts'
import { commentsPerPost } from '../src/scenarios/n-plus-one/n-plus-one.seed.ts'
import { measure } from './helpers/agent.ts'
import { buildTestApp, countOf, parseServerTiming } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

const variants = ['slow', 'fast'] as const

for (const dialect of dialects) {
  describe(dialect, () => {
    async function scenarioApp (t: TestContext) {
      return buildTestApp(t, { dialect, seedCount: 12, seedScenarios: true })
    }

    describe('scenario n-plus-one: posts with their authors and comments', () => {
      type Page = Array<{ id: number, author: { name: string, bio: string } | null, comments: Array<{ id: number, body: string, createdAt: string, author: { name: string, bio: string, comments: number } | null }> }>
      for (const variant of variants) {
        const url = `/api/scenarios/n-plus-one/${variant}`

        it(`${variant}: returns each post with its author, and its comments with theirs, in id order`, async (t) => {
          const app = await scenarioApp(t)
          const posts = (await app.inject({ url: `${url}?limit=5` })).json<Page>()
          assert.deepEqual(posts.map((p) => p.id), [1, 2, 3, 4, 5])
          assert.deepEqual(posts.map((p) => p.comments.length), [1, 2, 3, 4, 5].map(commentsPerPost))
          const authors = await app.db.selectFrom('authors').select(['name', 'bio']).execute()
          const known = (profile: { name: string, bio: string } | null): boolean => authors.some((a) => a.name === profile?.name && a.bio === profile.bio)
          const written = async (name: string): Promise<number> => Number((await app.db.selectFrom('comments').select((eb) => eb.fn.countAll<number>().as('n')).where('author', '=', name).executeTakeFirstOrThrow()).n)
          for (const post of posts) {
            assert.ok(known(post.author))
            assert.ok(post.comments.every((c) => known(c.author)))
            for (const comment of post.comments) assert.equal(comment.author!.comments, await written(comment.author!.name))
            assert.deepEqual(post.comments.map((c) => c.id), [...post.comments.map((c) => c.id)].sort((a, b) => a - b))
          }
        })

        it(`${variant}: shows null for an author without a profile, and new comments`, async (t) => {
          const app = await scenarioApp(t)
          await app.db.deleteFrom('posts').where('id', '>', 1).execute()
          await app.inject({ method: 'POST', url: '/api/posts', payload: { title: 'x', content: 'y', author: 'Nobody' } })
          await app.db.insertInto('comments').values({ post_id: 1, author: 'a', body: 'b', created_at: '2024-01-01T00:00:00.000Z' }).execute()
          const posts = (await app.inject({ url })).json<Page>()
          assert.equal(posts.length, 2)
          assert.equal(posts[0]!.comments.length, commentsPerPost(1) + 1)
          assert.deepEqual(posts[0]!.comments.at(-1), { id: posts[0]!.comments.at(-1)!.id, body: 'b', createdAt: '2024-01-01T00:00:00.000Z', author: null })
          assert.deepEqual(posts[1], { id: 13, title: 'x', author: null, comments: [] })
        })

        it(`${variant}: rejects a bad limit with 400`, async (t) => {
          const app = await scenarioApp(t)
          const res = await app.inject({ url: `${url}?limit=0` })
          assert.equal(res.statusCode, 400)
          assert.equal(res.json().field, 'querystring.limit')
        })
      }

      it('slow and fast return byte-identical bodies', async (t) => {
        const app = await scenarioApp(t)
        const [slow, fast] = await Promise.all(variants.map((v) => app.inject({ url: `/api/scenarios/n-plus-one/${v}` })))
        assert.equal(slow!.statusCode, 200)
        assert.equal(slow!.body, fast!.body)
      })

      it('the comment count the database keeps stays exact through inserts, cascading deletes, re-attribution, renames and late profiles', async (t) => {
        const app = await scenarioApp(t)
        const [first, second] = (await app.db.selectFrom('authors').select('name').orderBy('id').execute()).map((a) => a.name)
        const same = async (step: string): Promise<void> => {
          const authors = await app.db.selectFrom('authors').select((eb) => ['name', 'comment_count', eb.selectFrom('comments').select(eb.fn.countAll<number>().as('n')).whereRef('comments.author', '=', 'authors.name').as('counted')]).execute()
          for (const a of authors) assert.equal(Number(a.comment_count), Number(a.counted), `${step}: ${a.name}`)
          const [slow, fast] = await Promise.all(variants.map((v) => app.inject({ url: `/api/scenarios/n-plus-one/${v}?limit=100` })))
          assert.equal(slow!.body, fast!.body, step)
        }
        await same('seeded')
        await app.db.insertInto('comments').values({ post_id: 2, author: first!, body: 'b', created_at: '2024-01-01T00:00:00.000Z' }).execute()
        await same('after an insert')
        assert.equal((await app.inject({ method: 'DELETE', url: '/api/posts/3' })).statusCode, 204)
        await same('after a post delete cascades to its comments')
        await app.db.updateTable('comments').set({ author: second! }).where('post_id', '=', 4).execute()
        await same('after comments change author')
        await app.db.insertInto('comments').values({ post_id: 5, author: 'Late', body: 'b', created_at: '2024-01-01T00:00:00.000Z' }).execute()
        await app.db.updateTable('authors').set({ name: 'Late' }).where('name', '=', first!).execute()
        await same('after a rename to a name that has comments')
        await app.db.insertInto('authors').values({ name: first!, bio: 'back' }).execute()
        await same('after a profile created for a name that has comments')
      })

      it('slow issues 1 + N × (2 + comments) statements, fast issues 2', async (t) => {
        const app = await scenarioApp(t)
        const count = async (v: string): Promise<number> => countOf(parseServerTiming((await app.inject({ url: `/api/scenarios/n-plus-one/${v}?limit=10` })).headers['server-timing']), 'db')
        const comments = Array.from({ length: 10 }, (_, i) => commentsPerPost(i + 1)).reduce((a, b) => a + b, 0)
        assert.equal(await count('slow'), 1 + 10 * 2 + comments)
        assert.equal(await count('fast'), 2)
      })
    })

    describe('scenario event-loop-block: public site settings', () => {
      const expected = {
        version: 1,
        featureFlags: { newEditor: true, commentsV2: false, darkMode: true, betaSearch: false },
        theme: { primary: '#1b998b', accent: '#d7263d', font: 'Pretendard' }
      }

      for (const variant of variants) {
        const url = `/api/scenarios/event-loop-block/${variant}`

        it(`${variant}: returns the public part of the settings only`, async (t) => {
          const app = await scenarioApp(t)
          const res = await app.inject({ url })
          assert.equal(res.statusCode, 200)
          assert.deepEqual(res.json(), expected)
        })

        it(`${variant}: sees a change of the settings (new version)`, async (t) => {
          const app = await scenarioApp(t)
          await app.inject({ url })
          const document = Buffer.from(JSON.stringify({ featureFlags: { newEditor: false }, theme: { primary: '#000' }, history: [] }))
          await app.db.updateTable('site_settings').set({ version: 2, document }).where('key', '=', 'site').execute()
          assert.deepEqual((await app.inject({ url })).json(), { version: 2, featureFlags: { newEditor: false }, theme: { primary: '#000' } })
        })

        it(`${variant}: answers 404 when there are no settings`, async (t) => {
          const app = await scenarioApp(t)
          await app.db.deleteFrom('site_settings').execute()
          assert.equal((await app.inject({ url })).statusCode, 404)
        })
      }

      it('fast reads the document once per version, slow on every request', async (t) => {
        const app = await buildTestApp(t, { dialect, seedScenarios: true })
        const { routes } = await measure(app, async (baseUrl) => {
          for (let i = 0; i < 5; i++) for (const v of variants) await (await fetch(`${baseUrl}/api/scenarios/event-loop-block/${v}`)).text()
        })
        const documentReads = (v: string): number => routes.find((r) => r.key.endsWith(`/${v}`))!.statements
          .filter((s) => s.sql.includes('"document"')).reduce((n, s) => n + s.count, 0)
        assert.equal(documentReads('slow'), 5)
        assert.equal(documentReads('fast'), 1)
      })
    })

    describe('scenario missing-index: latest events of a user', () => {
      for (const variant of variants) {
        const url = `/api/scenarios/missing-index/${variant}`

        it(`${variant}: returns the user's latest events, newest first`, async (t) => {
          const app = await scenarioApp(t)
          const events = (await app.inject({ url: `${url}?userId=2920&limit=3` })).json<Array<{ userId: number, createdAt: string }>>()
          assert.ok(events.length > 0)
          assert.ok(events.every((e) => e.userId === 2920))
          assert.deepEqual(events.map((e) => e.createdAt), events.map((e) => e.createdAt).sort().reverse())
          const all = await app.db.selectFrom('events').select('created_at').where('user_id', '=', 2920).orderBy('created_at', 'desc').limit(3).execute()
          assert.deepEqual(events.map((e) => e.createdAt), all.map((r) => r.created_at))
        })

        it(`${variant}: returns [] for a user without events, 400 without a userId`, async (t) => {
          const app = await scenarioApp(t)
          assert.deepEqual((await app.inject({ url: `${url}?userId=999999` })).json(), [])
          const res = await app.inject({ url })
          assert.equal(res.statusCode, 400)
          assert.equal(res.json().field, 'querystring.userId')
        })
      }

      it('slow and fast return byte-identical bodies for many users', async (t) => {
        const app = await scenarioApp(t)
        for (const userId of [1, 2920, 42, 4999]) {
          const [slow, fast] = await Promise.all(variants.map((v) => app.inject({ url: `/api/scenarios/missing-index/${v}?userId=${userId}` })))
          assert.equal(slow!.body, fast!.body)
        }
      })

      it('slow scans the table, fast reads the index (query plans)', async (t) => {
        const app = await scenarioApp(t)
        const plan = async (table: 'events' | 'events_unindexed'): Promise<string> => {
          const { sql, parameters } = app.db.selectFrom(table).selectAll().where('user_id', '=', 42).orderBy('created_at', 'desc').limit(20).compile()
          return (await explainQueryPlan(app.db, sql, parameters)).join(' | ')
        }
        const expected = {
          sqlite: [/^SCAN events_unindexed \| USE TEMP B-TREE FOR ORDER BY$/, /^SEARCH events USING INDEX events_user_id_created_at \(user_id=\?\)$/],
          postgres: [/^Limit \| Sort \| Sort Key: created_at DESC \| Seq Scan on events_unindexed \| Filter: \(user_id = '42'::bigint\)$/,
            /^Limit \| Index Scan Backward using events_user_id_created_at on events \| Index Cond: \(user_id = '42'::bigint\)$/]
        }[dialect]
        assert.match(await plan('events_unindexed'), expected[0]!)
        assert.match(await plan('events'), expected[1]!)
        const { count } = await sql<{ count: number }>`select count(*) as count from events_unindexed`.execute(app.db).then((r) => r.rows[0]!)
        assert.equal(count, 2000)
      })
    })

    describe('scenario over-fetching: the article list', () => {
      it('slow returns every article with every column', async (t) => {
        const app = await scenarioApp(t)
        const articles = (await app.inject({ url: '/api/scenarios/over-fetching/slow' })).json<Array<Record<string, unknown>>>()
        assert.equal(articles.length, 30)
        assert.deepEqual(Object.keys(articles[0]!), ['id', 'title', 'summary', 'author', 'createdAt', 'body'])
        assert.ok(String(articles[0]!.body).length > 10_000)
      })

      it('fast returns a page that matches the slow list, without the bodies', async (t) => {
        const app = await scenarioApp(t)
        const slow = (await app.inject({ url: '/api/scenarios/over-fetching/slow' })).json<Array<Record<string, unknown>>>()
        const page = (await app.inject({ url: '/api/scenarios/over-fetching/fast?limit=20' })).json<{ items: unknown[], nextCursor: number | null }>()
        assert.deepEqual(page.items, slow.slice(0, 20).map(({ body: _body, ...listed }) => listed))
        assert.equal(page.nextCursor, 20)
      })

      it('fast pages through exactly the articles of the slow list', async (t) => {
        const app = await scenarioApp(t)
        const slowIds = (await app.inject({ url: '/api/scenarios/over-fetching/slow' })).json<Array<{ id: number }>>().map((a) => a.id)
        const ids: number[] = []
        let after: number | null = 0
        while (after !== null) {
          const page: { items: Array<{ id: number }>, nextCursor: number | null } = (await app.inject({ url: `/api/scenarios/over-fetching/fast?limit=7&after=${after}` })).json()
          ids.push(...page.items.map((a) => a.id))
          after = page.nextCursor
        }
        assert.deepEqual(ids, slowIds)
      })

      it('fast rejects a page size over 100 with 400', async (t) => {
        const app = await scenarioApp(t)
        const res = await app.inject({ url: '/api/scenarios/over-fetching/fast?limit=500' })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().field, 'querystring.limit')
      })
    })
  })
}

describe('the README tables of load budgets', () => {
  const seconds = (s: number): string => `${s} s`
  const budgetRow = (name: string, scenario: typeof scenarios[ScenarioName]): string => {
    const { full, quick } = scenario.shapes
    const p95 = scenario.thresholds.http_req_duration?.[0] ?? ''
    const check = scenario.checks.find((c) => c.maxDurationMs !== undefined)?.maxDurationMs
    return `| ${name} | ${Math.max(...full.stages.map((s) => s.target))} | ${seconds(full.thinkTimeSeconds)} / ${seconds(quick.thinkTimeSeconds)} | < ${check} ms, \`${p95}\` | \`${scenario.thresholds.http_req_failed?.[0]}\` |`
  }

  it('show every scenario with the VUs, think times, check and thresholds of the catalogue (EN and KO)', () => {
    for (const file of ['README.md', 'README.ko.md']) {
      const readme = readFileSync(file, 'utf8')
      for (const [name, scenario] of Object.entries(scenarios)) assert.ok(readme.includes(budgetRow(name, scenario as typeof scenarios[ScenarioName])), `${file}: ${budgetRow(name, scenario as typeof scenarios[ScenarioName])}`)
    }
  })

  it('describe stage durations every scenario shares: full 10 s / 20 s / 10 s, quick 1 s / 4 s / 1 s', () => {
    for (const scenario of Object.values(scenarios)) {
      assert.deepEqual(scenario.shapes.full.stages.map((s) => s.duration), ['10s', '20s', '10s'])
      assert.deepEqual(scenario.shapes.quick.stages.map((s) => s.duration), ['1s', '4s', '1s'])
    }
  })
})
