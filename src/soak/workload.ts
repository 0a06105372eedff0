// The soak's workload: a fixed number of connections, each looping through the same day of a
// small blog (list pages, single posts, creates, edits, deletes, and the fast route of every
// scenario), with no pause. Posts it creates are its own: edited and deleted by one loop at a
// time, and never more than a hundred alive, so the database stays the same size throughout.
import { Pool } from 'undici'
import { scenarioNames, scenarios } from '../scenarios/catalogue.ts'

export interface WorkloadStats {
  requests: number
  errors: number
  /** "PATCH /api/posts/:id → 404", "GET /api/posts: ECONNRESET": how often each went wrong. */
  errorKinds: Map<string, number>
}

type Step = 'list' | 'get' | 'scenario' | 'create' | 'patch' | 'delete'

/** One loop's day: a quarter writes, the rest reads. */
const day: Step[] = ['list', 'get', 'scenario', 'create', 'get', 'scenario', 'patch', 'list', 'scenario', 'get', 'delete', 'scenario']
const maxOwnPosts = 100

export function startWorkload ({ baseUrl, connections, seedCount }: { baseUrl: string, connections: number, seedCount: number }) {
  const pool = new Pool(baseUrl, { connections })
  const stats: WorkloadStats = { requests: 0, errors: 0, errorKinds: new Map() }
  const fastRoutes = scenarioNames.map((name) => scenarios[name].fast)
  const ownPosts: number[] = []
  const next = { read: 0, route: 0, cursor: null as string | null }
  const running = { stopping: false }

  /** One request; true when it got the expected status. The body is always read (or dumped). */
  async function call (label: string, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, expect: number, payload?: object, onJson?: (json: unknown) => void): Promise<boolean> {
    try {
      const { statusCode, body } = await pool.request({
        method, path, ...(payload === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) })
      })
      if (statusCode === expect && onJson !== undefined) onJson(await body.json())
      else await body.dump()
      if (statusCode === expect) return true
      return failed(`${method} ${label} → ${statusCode}`)
    } catch (error) {
      return failed(`${method} ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
    } finally {
      stats.requests++
    }
  }

  function failed (kind: string): false {
    stats.errors++
    stats.errorKinds.set(kind, (stats.errorKinds.get(kind) ?? 0) + 1)
    return false
  }

  const post = { title: 'Soak', content: 'A post the soak creates, edits and deletes.', author: 'soak' }
  const create = (): Promise<boolean> => call('/api/posts', 'POST', '/api/posts', 201, post, (json) => { ownPosts.push((json as { id: number }).id) })

  /** Takes one of its own posts out of the shared list while a request works on it. */
  async function withOwnPost (work: (id: number) => Promise<unknown>): Promise<void> {
    const id = ownPosts.shift()
    if (id === undefined) {
      await create()
      return
    }
    await work(id)
  }

  async function step (kind: Step): Promise<void> {
    if (kind === 'list') {
      const path = `/api/posts?limit=20${next.cursor === null ? '' : `&cursor=${next.cursor}`}`
      await call('/api/posts', 'GET', path, 200, undefined, (json) => { next.cursor = (json as { nextCursor: string | null }).nextCursor })
    } else if (kind === 'get') {
      await call('/api/posts/:id', 'GET', `/api/posts/${(next.read++ % seedCount) + 1}`, 200)
    } else if (kind === 'scenario') {
      const route = fastRoutes[next.route++ % fastRoutes.length]!
      await call(route.split('?')[0]!, 'GET', route, 200)
    } else if (kind === 'create' && ownPosts.length < maxOwnPosts) {
      await create()
    } else if (kind === 'patch') {
      await withOwnPost(async (id) => {
        await call('/api/posts/:id', 'PATCH', `/api/posts/${id}`, 200, { title: `Soak ${id}` })
        ownPosts.push(id)
      })
    } else {
      await withOwnPost((id) => call('/api/posts/:id', 'DELETE', `/api/posts/${id}`, 204))
    }
  }

  async function loop (offset: number): Promise<void> {
    for (let i = offset; !running.stopping; i++) await step(day[i % day.length]!)
  }

  const loops = Array.from({ length: connections }, (_, i) => loop(i))
  return {
    stats,
    /** Lets every loop finish its request in flight, then closes the connections. */
    async stop (): Promise<void> {
      running.stopping = true
      await Promise.all(loops)
      await pool.close()
    }
  }
}
