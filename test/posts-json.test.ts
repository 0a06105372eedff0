// Lists of posts go out as JSON the database writes (SQLite) or JSON.stringify writes
// (PostgreSQL): either way the bytes must be exactly those JSON.stringify gives for the posts in
// id order, for every character a post can hold, and the body must match the response schema.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance } from 'fastify'
import { Post, PostList, PostPage } from '../src/posts/posts.schemas.ts'
import { buildTestApp } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default
const ajv = new Ajv({ strict: false })
addFormats(ajv)
ajv.addSchema(Post)
const validList = ajv.compile(PostList)
const validPage = ajv.compile(PostPage)

/** Every Unicode scalar value but NUL (refused, see below), in strings a post's content can hold. */
function everyCharacter (perString = 6_000): string[] {
  const strings: string[] = []
  let current: string[] = []
  for (let code = 1; code <= 0x10ffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue
    current.push(String.fromCodePoint(code))
    if (current.length === perString) {
      strings.push(current.join(''))
      current = []
    }
  }
  strings.push(current.join(''))
  return strings
}

async function create (app: FastifyInstance, post: { title: string, content: string, author: string }): Promise<number> {
  const res = await app.inject({ method: 'POST', url: '/api/posts', payload: post })
  assert.equal(res.statusCode, 201, res.body)
  return res.json().id
}

/** The posts as the single-post route returns them, in id order: what the lists must hold. */
async function expected (app: FastifyInstance, ids: number[]): Promise<unknown[]> {
  const posts = []
  for (const id of [...ids].sort((a, b) => a - b)) posts.push((await app.inject({ url: `/api/posts/${id}` })).json())
  return posts
}

for (const dialect of dialects) {
  describe(`${dialect}: lists are the bytes JSON.stringify gives`, () => {
    it('for every character, including controls, quotes, backslashes, U+2028/9, astral and non-characters', async (t) => {
      const app = await buildTestApp(t, { dialect })
      const ids: number[] = []
      for (const [i, content] of everyCharacter().entries()) {
        ids.push(await create(app, { title: `"\\\t\n\u0001\u001f\u007f\u2028\u2029/<>&' ${i}`, content, author: '\ud83d\ude00 \ufeff\uffff' }))
      }

      const posts = await expected(app, ids)
      const list = await app.inject({ url: '/api/posts/v2/fast' })
      assert.equal(list.headers['content-type'], 'application/json; charset=utf-8')
      assert.ok(list.rawPayload.equals(Buffer.from(JSON.stringify(posts))), 'v2/fast differs from JSON.stringify of the posts')
      assert.ok(validList(JSON.parse(list.body)), ajv.errorsText(validList.errors))
      const slow = await app.inject({ url: '/api/posts/v1/slow' })
      assert.ok(slow.rawPayload.equals(list.rawPayload), 'v1 and v2 differ')

      const page = await app.inject({ url: '/api/posts?limit=100' })
      const firstPage = posts.slice(0, 100)
      const cursor = Buffer.from(`id:${(firstPage.at(-1) as { id: number }).id}`).toString('base64url')
      assert.ok(page.rawPayload.equals(Buffer.from(JSON.stringify({ items: firstPage, nextCursor: cursor }))))
      assert.ok(validPage(JSON.parse(page.body)), ajv.errorsText(validPage.errors))
    })

    it('refuses what one of the databases could not store as sent: NUL, and unpaired surrogates (legal JSON escapes)', async (t) => {
      const app = await buildTestApp(t, { dialect })
      for (const [field, text] of [['title', 'a\\u0000b'], ['content', 'x\\ud800'], ['author', '\\udfffz'], ['content', '\\ude00\\ud83d']]) {
        const post = { title: 't', content: 'c', author: 'a', [field!]: '' }
        const payload = JSON.stringify(post).replace(`"${field}":""`, `"${field}":"${text}"`)
        const res = await app.inject({ method: 'POST', url: '/api/posts', headers: { 'content-type': 'application/json' }, payload })
        assert.equal(res.statusCode, 400, payload)
        assert.deepEqual(res.json(), { statusCode: 400, error: 'Bad Request', message: `body.${field} must not contain NUL characters or unpaired surrogates`, field: `body.${field}` })
      }
      assert.equal((await app.inject({ url: '/api/posts/v2/fast' })).body, '[]')
      // A pair written as two escapes is one character, and welcome.
      const pair = await app.inject({ method: 'POST', url: '/api/posts', headers: { 'content-type': 'application/json' }, payload: '{"title":"\\ud83d\\ude00","content":"c","author":"a"}' })
      assert.equal(pair.statusCode, 201)
      assert.equal(pair.json().title, '\u{1F600}')
    })

    it('in id order, after deletes, on every page boundary, and for empty lists', async (t) => {
      const app = await buildTestApp(t, { dialect })
      const empty = await app.inject({ url: '/api/posts/v2/fast' })
      assert.equal(empty.body, '[]')
      assert.equal((await app.inject({ url: '/api/posts' })).body, '{"items":[],"nextCursor":null}')

      const ids: number[] = []
      for (let i = 0; i < 23; i++) ids.push(await create(app, { title: `t${i}`, content: `c${i}`, author: 'a' }))
      for (const id of [1, 2, 7, 8, 9, 23]) {
        assert.equal((await app.inject({ method: 'DELETE', url: `/api/posts/${id}` })).statusCode, 204)
      }
      const alive = ids.filter((id) => ![1, 2, 7, 8, 9, 23].includes(id))
      const posts = await expected(app, alive)
      assert.equal((await app.inject({ url: '/api/posts/v2/fast' })).body, JSON.stringify(posts))

      for (const limit of [1, 2, 5, 16, 17, 100]) {
        let url: string | null = `/api/posts?limit=${limit}`
        const seen: unknown[] = []
        while (url !== null) {
          const res: { body: string, headers: Record<string, unknown> } = await app.inject({ url })
          const body = JSON.parse(res.body) as { items: unknown[], nextCursor: string | null }
          assert.equal(res.body, JSON.stringify(body), `limit=${limit}: not JSON.stringify's bytes`)
          assert.ok(body.items.length <= limit)
          // A cursor is given exactly when posts follow: never one that leads to an empty page.
          assert.equal(body.nextCursor !== null, seen.length + body.items.length < posts.length, `limit=${limit}`)
          assert.equal(res.headers.link !== undefined, body.nextCursor !== null)
          seen.push(...body.items)
          url = body.nextCursor === null ? null : `/api/posts?limit=${limit}&cursor=${body.nextCursor}`
        }
        assert.deepEqual(seen, posts, `limit=${limit}`)
      }
      // A cursor past the last post is an empty last page, not an error.
      const past = Buffer.from('id:1000').toString('base64url')
      assert.equal((await app.inject({ url: `/api/posts?cursor=${past}` })).body, '{"items":[],"nextCursor":null}')
    })
  })
}
