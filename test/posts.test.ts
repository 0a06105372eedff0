import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

const newPost = { title: 'Hello', content: 'First post', author: 'Ada' }

for (const dialect of dialects) {
  describe(dialect, () => {
    async function appWithPosts (t: TestContext, seedCount = 5) {
      return buildTestApp(t, { dialect, seedCount })
    }

    describe('GET /api/posts', () => {
      it('returns the first page in id order with a cursor to the next one', async (t) => {
        const app = await appWithPosts(t)
        const res = await app.inject({ url: '/api/posts?limit=2' })
        assert.equal(res.statusCode, 200)
        const page = res.json()
        assert.deepEqual(page.items.map((p: { id: number }) => p.id), [1, 2])
        assert.equal(typeof page.nextCursor, 'string')
        assert.equal(res.headers.link, `</api/posts?limit=2&cursor=${page.nextCursor}>; rel="next"`)
      })

      it('walks every post exactly once by following nextCursor', async (t) => {
        const app = await appWithPosts(t)
        const seen: number[] = []
        let url: string | null = '/api/posts?limit=2'
        while (url !== null) {
          const page: { items: Array<{ id: number }>, nextCursor: string | null } = (await app.inject({ url })).json()
          seen.push(...page.items.map((p) => p.id))
          url = page.nextCursor === null ? null : `/api/posts?limit=2&cursor=${page.nextCursor}`
        }
        assert.deepEqual(seen, [1, 2, 3, 4, 5])
      })

      it('defaults to 20 items per page', async (t) => {
        const app = await appWithPosts(t, 25)
        const page = (await app.inject({ url: '/api/posts' })).json()
        assert.equal(page.items.length, 20)
        assert.notEqual(page.nextCursor, null)
      })

      it('returns an empty last page with a null cursor', async (t) => {
        const app = await appWithPosts(t, 0)
        assert.deepEqual((await app.inject({ url: '/api/posts' })).json(), { items: [], nextCursor: null })
      })

      for (const [query, field] of [
        ['limit=0', 'querystring.limit'],
        ['limit=101', 'querystring.limit'],
        ['limit=abc', 'querystring.limit'],
        ['cursor=not*valid', 'querystring.cursor'],
        ['cursor=Zm9v', 'querystring.cursor'],
        ['sort=title', 'querystring.sort']
      ]) {
        it(`rejects ?${query} with 400 naming ${field}`, async (t) => {
          const app = await appWithPosts(t)
          const res = await app.inject({ url: `/api/posts?${query}` })
          assert.equal(res.statusCode, 400)
          assert.equal(res.json().field, field)
          assert.equal(res.json().error, 'Bad Request')
        })
      }
    })

    it('handles ids beyond 32 bits like any other: 404, and an empty page after them', async (t) => {
      const app = await appWithPosts(t)
      assert.equal((await app.inject({ url: `/api/posts/${Number.MAX_SAFE_INTEGER}` })).statusCode, 404)
      const cursor = Buffer.from('id:999999999999999').toString('base64url')
      assert.deepEqual((await app.inject({ url: `/api/posts?cursor=${cursor}` })).json(), { items: [], nextCursor: null })
    })

    describe('GET /api/posts/:id', () => {
      it('returns the post', async (t) => {
        const app = await appWithPosts(t)
        const res = await app.inject({ url: '/api/posts/3' })
        assert.equal(res.statusCode, 200)
        assert.deepEqual(Object.keys(res.json()), ['id', 'title', 'content', 'author', 'createdAt'])
        assert.equal(res.json().id, 3)
      })

      it('returns 404 when the post does not exist', async (t) => {
        const app = await appWithPosts(t)
        const res = await app.inject({ url: '/api/posts/999' })
        assert.equal(res.statusCode, 404)
        assert.deepEqual(res.json(), { statusCode: 404, error: 'Not Found', message: 'post 999 not found' })
      })

      it('answers an id that is not valid URL text with 400 in the error shape', async (t) => {
        const app = await appWithPosts(t)
        const res = await app.inject({ url: '/api/posts/%E0%A4%A' })
        assert.equal(res.statusCode, 400)
        assert.deepEqual(res.json(), { statusCode: 400, error: 'Bad Request', message: "'/api/posts/%E0%A4%A' is not a valid url component" })
      })

      it('answers an id over 100 characters with 414 in the error shape', async (t) => {
        const app = await appWithPosts(t)
        const res = await app.inject({ url: `/api/posts/${'1'.repeat(101)}` })
        assert.equal(res.statusCode, 414)
        assert.deepEqual(Object.keys(res.json()), ['statusCode', 'error', 'message'])
        assert.equal(res.json().error, 'URI Too Long')
      })

      for (const id of ['abc', '0', '-1', '1.5']) {
        it(`returns 400 naming params.id for id "${id}"`, async (t) => {
          const app = await appWithPosts(t)
          const res = await app.inject({ url: `/api/posts/${id}` })
          assert.equal(res.statusCode, 400)
          assert.equal(res.json().field, 'params.id')
        })
      }
    })

    describe('POST /api/posts', () => {
      it('creates a post and returns it with its location', async (t) => {
        const app = await appWithPosts(t, 0)
        const res = await app.inject({ method: 'POST', url: '/api/posts', payload: newPost })
        assert.equal(res.statusCode, 201)
        const created = res.json()
        assert.deepEqual({ ...created, createdAt: undefined }, { id: 1, ...newPost, createdAt: undefined })
        assert.ok(!Number.isNaN(Date.parse(created.createdAt)))
        assert.equal(res.headers.location, '/api/posts/1')
        assert.deepEqual((await app.inject({ url: '/api/posts/1' })).json(), created)
      })

      const invalid: Array<[string, unknown, string]> = [
        ['a missing title', { content: 'c', author: 'a' }, 'body.title'],
        ['an empty title', { ...newPost, title: '' }, 'body.title'],
        ['a title over 200 characters', { ...newPost, title: 'x'.repeat(201) }, 'body.title'],
        ['a numeric author', { ...newPost, author: 42 }, 'body.author'],
        ['an unknown property', { ...newPost, id: 7 }, 'body.id']
      ]
      for (const [what, payload, field] of invalid) {
        it(`rejects ${what} with 400 naming ${field} and writes nothing`, async (t) => {
          const app = await appWithPosts(t, 0)
          const res = await app.inject({ method: 'POST', url: '/api/posts', payload: payload as object })
          assert.equal(res.statusCode, 400)
          assert.equal(res.json().field, field)
          assert.match(res.json().message, new RegExp(`^${field.replace('.', '\\.')} `))
          assert.deepEqual((await app.inject({ url: '/api/posts' })).json().items, [])
        })
      }

      it('rejects malformed JSON with 400', async (t) => {
        const app = await appWithPosts(t, 0)
        const res = await app.inject({ method: 'POST', url: '/api/posts', payload: '{"title":', headers: { 'content-type': 'application/json' } })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().error, 'Bad Request')
      })

      it('rejects a body over the size limit with 413 and writes nothing', async (t) => {
        const app = await buildTestApp(t, { dialect, bodyLimitBytes: 2048 })
        const res = await app.inject({ method: 'POST', url: '/api/posts', payload: { ...newPost, content: 'x'.repeat(4096) } })
        assert.equal(res.statusCode, 413)
        assert.equal(res.json().error, 'Payload Too Large')
        assert.deepEqual((await app.inject({ url: '/api/posts' })).json().items, [])
      })

      it('rejects a non-JSON content type with 415', async (t) => {
        const app = await appWithPosts(t, 0)
        const res = await app.inject({ method: 'POST', url: '/api/posts', payload: '<post/>', headers: { 'content-type': 'application/xml' } })
        assert.equal(res.statusCode, 415)
      })
    })

    describe('PUT /api/posts/:id', () => {
      it('replaces every field', async (t) => {
        const app = await appWithPosts(t, 1)
        const res = await app.inject({ method: 'PUT', url: '/api/posts/1', payload: newPost })
        assert.equal(res.statusCode, 200)
        assert.deepEqual({ ...res.json<object>(), createdAt: undefined }, { id: 1, ...newPost, createdAt: undefined })
        assert.deepEqual((await app.inject({ url: '/api/posts/1' })).json(), res.json())
      })

      it('rejects a partial body with 400 and changes nothing', async (t) => {
        const app = await appWithPosts(t, 1)
        const before = (await app.inject({ url: '/api/posts/1' })).json<object>()
        const res = await app.inject({ method: 'PUT', url: '/api/posts/1', payload: { title: 'only' } })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().field, 'body.content')
        assert.deepEqual((await app.inject({ url: '/api/posts/1' })).json(), before)
      })

      it('returns 404 for a missing post', async (t) => {
        const app = await appWithPosts(t, 1)
        assert.equal((await app.inject({ method: 'PUT', url: '/api/posts/2', payload: newPost })).statusCode, 404)
      })
    })

    describe('PATCH /api/posts/:id', () => {
      it('changes only the given fields', async (t) => {
        const app = await appWithPosts(t, 1)
        const before = (await app.inject({ url: '/api/posts/1' })).json<object>()
        const res = await app.inject({ method: 'PATCH', url: '/api/posts/1', payload: { title: 'Renamed' } })
        assert.equal(res.statusCode, 200)
        assert.deepEqual(res.json(), { ...before, title: 'Renamed' })
        assert.deepEqual((await app.inject({ url: '/api/posts/1' })).json(), { ...before, title: 'Renamed' })
      })

      it('rejects an empty patch with 400 and changes nothing', async (t) => {
        const app = await appWithPosts(t, 1)
        const before = (await app.inject({ url: '/api/posts/1' })).json<object>()
        const res = await app.inject({ method: 'PATCH', url: '/api/posts/1', payload: {} })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().field, 'body')
        assert.deepEqual((await app.inject({ url: '/api/posts/1' })).json(), before)
      })

      it('returns 404 for a missing post', async (t) => {
        const app = await appWithPosts(t, 1)
        assert.equal((await app.inject({ method: 'PATCH', url: '/api/posts/9', payload: { title: 'x' } })).statusCode, 404)
      })
    })

    describe('DELETE /api/posts/:id', () => {
      it('deletes the post, which is then gone', async (t) => {
        const app = await appWithPosts(t, 2)
        const res = await app.inject({ method: 'DELETE', url: '/api/posts/1' })
        assert.equal(res.statusCode, 204)
        assert.equal(res.body, '')
        assert.equal((await app.inject({ url: '/api/posts/1' })).statusCode, 404)
        assert.deepEqual((await app.inject({ url: '/api/posts' })).json().items.map((p: { id: number }) => p.id), [2])
      })

      it('returns 404 for a missing post', async (t) => {
        const app = await appWithPosts(t, 0)
        assert.equal((await app.inject({ method: 'DELETE', url: '/api/posts/1' })).statusCode, 404)
      })

      it('rejects a query key it does not declare with 400 and deletes nothing', async (t) => {
        const app = await appWithPosts(t, 1)
        const res = await app.inject({ method: 'DELETE', url: '/api/posts/1?confirm=false' })
        assert.equal(res.statusCode, 400)
        assert.equal(res.json().field, 'querystring.confirm')
        assert.equal((await app.inject({ url: '/api/posts/1' })).statusCode, 200)
      })
    })
  })
}
