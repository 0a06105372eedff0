// The API answers byte for byte the same on SQLite and on PostgreSQL, given the same seed and
// the same requests: every route, reads and writes alike.
import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import type { FastifyInstance } from 'fastify'
import { buildTestApp } from './helpers/app.ts'
import { dialects } from './helpers/dialects.ts'

const cursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url')

const requests: Array<{ method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object }> = [
  { url: '/api/posts?limit=5' },
  { url: `/api/posts?limit=5&cursor=${cursor(5)}` },
  { url: `/api/posts?cursor=${cursor(10)}` },
  { url: '/api/posts/3' },
  { url: '/api/posts/999' },
  { url: '/api/posts/v1/slow' },
  { url: '/api/posts/v2/fast' },
  { method: 'PATCH', url: '/api/posts/2', payload: { title: '바뀐 제목' } },
  { method: 'PUT', url: '/api/posts/4', payload: { title: 'T', content: 'C', author: 'A' } },
  { method: 'DELETE', url: '/api/posts/1' },
  { method: 'DELETE', url: '/api/posts/1' },
  { method: 'POST', url: '/api/posts', payload: { title: 'new', content: 'post', author: 'Ada' } },
  { url: '/api/posts/v2/fast' },
  ...['slow', 'fast'].flatMap((v) => [
    { url: `/api/scenarios/n-plus-one/${v}?limit=12` },
    { url: `/api/scenarios/event-loop-block/${v}` },
    { url: `/api/scenarios/missing-index/${v}?userId=42` },
    { url: `/api/scenarios/missing-index/${v}?userId=2920&limit=100` },
    // The slow list takes no query string (a 400 when given one): every article, in full.
    { url: `/api/scenarios/over-fetching/${v}${v === 'fast' ? '?limit=7&after=7' : ''}` },
    { url: `/api/scenarios/over-fetching/${v}?after=100000000000000000000` }
  ])
]

/** Status, content type and body of every request, in order; "now" (the new post's createdAt) masked. */
async function transcript (app: FastifyInstance): Promise<string[]> {
  const lines = []
  for (const request of requests) {
    const res = await app.inject(request)
    const body = res.body.replace(/"createdAt":"(?!2024-)[^"]*"/g, '"createdAt":"<now>"') // seeds are all of 2024
    lines.push(`${request.method ?? 'GET'} ${request.url} -> ${res.statusCode} ${res.headers['content-type'] ?? ''} ${body}`)
  }
  return lines
}

describe('SQLite and PostgreSQL', () => {
  const both = dialects.includes('postgres')
  it('answer every route byte for byte the same', { skip: both ? false : 'needs both dialects' }, async (t: TestContext) => {
    const config = { seedCount: 12, seedScenarios: true }
    const sqlite = await transcript(await buildTestApp(t, { ...config, dialect: 'sqlite' }))
    const postgres = await transcript(await buildTestApp(t, { ...config, dialect: 'postgres' }))
    assert.deepEqual(postgres, sqlite)
  })
})
