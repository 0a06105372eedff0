// Integers in paths and query strings have one spelling. Every other spelling that JavaScript
// would happily turn into a number (" 1", "0x10", "1e1", "+1", "01", "1.0") is a 400 naming the
// field, and changes nothing: a malformed id must never reach a real post.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { isCanonicalInteger } from '../src/plugins/validation.ts'
import { buildTestApp } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

/** Non-canonical spellings of 1, 16 and 10, URL-encoded where they need it. */
const malformed = ['%201', '1%20', '0x10', '1e1', '+1', '-1', '01', '016', '1.0', '1_0', '١', '9007199254740992', '99999999999999999999', '%09' + '1', '']

describe('isCanonicalInteger', () => {
  it('accepts plain decimal digits up to 2^53 - 1', () => {
    for (const text of ['0', '1', '42', '9007199254740991']) assert.equal(isCanonicalInteger(text), true, text)
  })
  it('rejects every other spelling', () => {
    for (const text of [' 1', '1 ', '0x10', '1e1', '+1', '-1', '01', '1.0', '', '9007199254740992', '1n', 'Infinity']) {
      assert.equal(isCanonicalInteger(text), false, JSON.stringify(text))
    }
  })
})

for (const dialect of dialects) {
  describe(dialect, () => {
    describe('integer path parameters: /api/posts/:id', () => {
      const body = { title: 'Replaced', content: 'Replaced', author: 'Mallory' }
      for (const method of ['GET', 'PUT', 'PATCH', 'DELETE'] as const) {
        it(`${method} answers 400 naming params.id for each malformed id, and changes nothing`, async (t) => {
          const app = await buildTestApp(t, { dialect, seedCount: 20 })
          const before = (await app.inject({ url: '/api/posts?limit=100' })).body
          for (const id of malformed.filter((text) => text !== '')) {
            const res = await app.inject({ method, url: `/api/posts/${id}`, ...(method === 'PUT' || method === 'PATCH' ? { payload: body } : {}) })
            assert.equal(res.statusCode, 400, `${method} /api/posts/${id} answered ${res.statusCode}`)
            assert.equal(res.json().field, 'params.id', `${method} /api/posts/${id}`)
          }
          assert.equal((await app.inject({ url: '/api/posts?limit=100' })).body, before)
          for (const id of [1, 10, 16]) assert.equal((await app.inject({ url: `/api/posts/${id}` })).statusCode, 200)
        })
      }

      it('still serves the canonical spelling', async (t) => {
        const app = await buildTestApp(t, { dialect, seedCount: 20 })
        assert.equal((await app.inject({ url: '/api/posts/16' })).json().id, 16)
      })
    })

    describe('integer query parameters', () => {
      const cases = [
        ['/api/posts', 'limit'],
        ['/api/scenarios/n-plus-one/fast', 'limit'],
        ['/api/scenarios/missing-index/fast?userId=42', 'limit'],
        ['/api/scenarios/missing-index/fast?limit=5', 'userId'],
        ['/api/scenarios/over-fetching/fast', 'after']
      ] as const
      for (const [url, name] of cases) {
        it(`${url}: ?${name}= answers 400 naming querystring.${name} for each malformed value`, async (t) => {
          const app = await buildTestApp(t, { dialect, seedCount: 20, seedScenarios: true })
          for (const value of malformed) {
            const res = await app.inject({ url: `${url}${url.includes('?') ? '&' : '?'}${name}=${value}` })
            assert.equal(res.statusCode, 400, `${name}=${value} answered ${res.statusCode}`)
            assert.equal(res.json().field, `querystring.${name}`)
          }
        })
      }
    })
  })
}
