// The benchmark's baseline: the read routes of the posts API hand-written on node:http,
// better-sqlite3 (the version this Node.js runs: db/sqlite-library.ts) and JSON.stringify, as a
// competent engineer would write them without a framework, over the API's own database file.
// `npm run bench` checks that every body it sends is byte-identical to the API's, then reports
// each API route as a ratio of its twin.
import { createServer, type ServerResponse } from 'node:http'
import { Database } from '../db/sqlite-library.ts'
import { listenForHarness } from './listen.ts'

const db = new Database(process.argv[2]!, { readonly: true, fileMustExist: true })
const columns = 'id, title, content, author, created_at AS createdAt'
const allPosts = db.prepare(`SELECT ${columns} FROM posts ORDER BY id`)
const page = db.prepare(`SELECT ${columns} FROM posts WHERE id > ? ORDER BY id LIMIT ?`)
const onePost = db.prepare(`SELECT ${columns} FROM posts WHERE id = ?`)

function sendJson (response: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value)
  response.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
  response.end(body)
}

const server = createServer((request, response) => {
  const url = new URL(request.url!, 'http://twin')
  if (url.pathname === '/api/posts/v2/fast') return sendJson(response, 200, allPosts.all())
  if (url.pathname === '/api/posts') {
    // The API validates these; the twin trusts the benchmark's own URLs.
    const limit = Number(url.searchParams.get('limit') ?? 20)
    const cursor = url.searchParams.get('cursor')
    const afterId = cursor === null ? 0 : Number(Buffer.from(cursor, 'base64url').toString().slice(3))
    const rows = page.all(afterId, limit + 1) as Array<{ id: number }>
    const items = rows.slice(0, limit)
    const nextCursor = rows.length > limit ? Buffer.from(`id:${items.at(-1)!.id}`).toString('base64url') : null
    const link: Record<string, string> = nextCursor === null ? {} : { link: `</api/posts?limit=${limit}&cursor=${nextCursor}>; rel="next"` }
    return sendJson(response, 200, { items, nextCursor }, link)
  }
  const post = /^\/api\/posts\/(\d+)$/.exec(url.pathname)
  const row = post === null ? undefined : onePost.get(Number(post[1]))
  if (row !== undefined) return sendJson(response, 200, row)
  sendJson(response, 404, { statusCode: 404, error: 'Not Found' })
})

listenForHarness(server)
