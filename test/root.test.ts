import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp } from './helpers/app.ts'

describe('GET /', () => {
  it('names the API and links to every endpoint and the docs', async (t) => {
    const app = await buildTestApp(t)
    const res = await app.inject({ url: '/' })
    assert.equal(res.statusCode, 200)
    const body = res.json()
    assert.equal(body.name, 'baseplate')
    assert.match(body.version, /^\d+\.\d+\.\d+/)
    assert.equal(body.links.docs, '/docs')
    assert.equal(body.links.slow, '/api/posts/v1/slow')
    assert.equal(body.links.fast, '/api/posts/v2/fast')
  })

  it('rejects a query string with 400, as every route that declares no query parameters does', async (t) => {
    const app = await buildTestApp(t)
    const res = await app.inject({ url: '/?limit=5' })
    assert.equal(res.statusCode, 400)
    assert.deepEqual(res.json(), { statusCode: 400, error: 'Bad Request', message: 'querystring.limit is not an accepted property', field: 'querystring.limit' })
  })
})

describe('unknown routes', () => {
  it('return 404 JSON naming the route', async (t) => {
    const app = await buildTestApp(t)
    const res = await app.inject({ url: '/nope?x=1' })
    assert.equal(res.statusCode, 404)
    assert.deepEqual(res.json(), { statusCode: 404, error: 'Not Found', message: 'Route GET /nope not found' })
  })
})

describe('GET /docs', () => {
  it('serves the OpenAPI document with every route as clients call it, each response described', async (t) => {
    const app = await buildTestApp(t)
    const spec = (await app.inject({ url: '/docs/json' })).json()
    assert.equal(spec.openapi.startsWith('3.'), true)
    for (const path of ['/api/posts', '/api/posts/{id}', '/api/posts/v1/slow', '/api/posts/v2/fast', '/metrics']) {
      assert.ok(spec.paths[path], `missing ${path}`)
    }
    // No list route with the trailing slash Fastify adds to a prefix's '/' (both answer).
    assert.deepEqual(Object.keys(spec.paths).filter((path) => path.length > 1 && path.endsWith('/')), [])
    assert.equal((await app.inject({ url: '/api/posts/' })).statusCode, 200)
    // A query parameter with a default is optional; one without is required.
    const required = (path: string) => Object.fromEntries(spec.paths[path].get.parameters.map((p: { name: string, required: boolean }) => [p.name, p.required]))
    assert.deepEqual(required('/api/posts'), { limit: false, cursor: false })
    assert.deepEqual(required('/api/scenarios/missing-index/fast'), { userId: true, limit: false })
    const responses = Object.entries(spec.paths).flatMap(([path, operations]) => Object.entries(operations as Record<string, { responses: Record<string, { description: string }> }>)
      .flatMap(([method, operation]) => Object.entries(operation.responses).map(([status, response]) => `${method} ${path} ${status}: ${response.description}`)))
    assert.ok(responses.length > 30)
    assert.deepEqual(responses.filter((line) => line.endsWith(': Default Response')), [])
    assert.match(spec.paths['/metrics'].get.responses['200'].content['text/plain'].schema.type, /^string$/)
    // The empty query schema a route without query parameters gets is no parameter of its own.
    assert.equal(spec.paths['/'].get.parameters, undefined)
    assert.deepEqual(spec.paths['/api/posts/{id}'].delete.parameters.map((p: { name: string }) => p.name), ['id'])
    assert.equal((await app.inject({ url: '/docs/' })).statusCode, 200)
  })
})

describe('server errors', () => {
  it('return a generic 500 without the stack or the message', async (t) => {
    const app = await buildTestApp(t)
    app.get('/boom', async () => { throw new Error('secret database password in message') })
    const res = await app.inject({ url: '/boom' })
    assert.equal(res.statusCode, 500)
    assert.deepEqual(res.json(), { statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' })
  })
})
