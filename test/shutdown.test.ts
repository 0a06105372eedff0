// Shutdown under keep-alive load, on the real server process: SIGTERM while 20 clients keep
// POSTing on kept-alive connections and a v1 request is in flight. The process must answer
// what it received, reset nothing, exit 0 as soon as the last request is done, and every
// acknowledged write must be there after a restart on the same database file.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Client } from 'undici'

/** Starts src/server.ts and resolves with its address once it logs that it listens. */
async function startServer (env: Record<string, string>): Promise<{ child: ChildProcess, address: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let output = ''
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (process.env.DEBUG_SHUTDOWN !== undefined) process.stderr.write(chunk)
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match !== null) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)))
  })
  return { child, address }
}

interface WriterOutcome { created: number[], statuses: Map<number, number>, resets: string[], refused: number }

/** One client on one kept-alive connection, POSTing back to back until the server is gone. */
async function writer (address: string, n: number, deadline: number, outcome: WriterOutcome): Promise<void> {
  const client = new Client(address, { pipelining: 1, keepAliveTimeout: 60_000 })
  try {
    for (let i = 0; performance.now() < deadline; i++) {
      try {
        const res = await client.request({
          method: 'POST',
          path: '/api/posts',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ title: `writer ${n} post ${i}`, content: 'written during shutdown', author: `writer-${n}` })
        })
        const text = await res.body.text()
        outcome.statuses.set(res.statusCode, (outcome.statuses.get(res.statusCode) ?? 0) + 1)
        if (res.statusCode === 201) outcome.created.push((JSON.parse(text) as { id: number }).id)
      } catch (error) {
        const code = (error as { code?: string }).code ?? String(error)
        // A refused connection is the server no longer accepting: expected once it drains.
        if (code === 'ECONNREFUSED') {
          outcome.refused++
          return
        }
        outcome.resets.push(`${code}: ${(error as Error).message}`)
        return
      }
    }
  } finally {
    await client.destroy()
  }
}

describe('graceful shutdown under keep-alive load', () => {
  it('answers everything it received, resets nothing, exits 0 right after the last request, loses no write', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'baseplate-shutdown-'))
    const env = { DATABASE_FILE: join(dir, 'shutdown.db'), SEED_COUNT: '100', SLOW_CALL_MS: '20', SEED_SCENARIOS: 'false' }
    const server = await startServer(env)
    t.after(() => { server.child.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }) })

    // v1 reads the posts once, then waits 100 × 20 ms ≈ 2 s; the writers start right after that
    // read (every post they add would otherwise add 20 ms to v1), and SIGTERM comes 1 s later.
    const v1Started = performance.now()
    const v1 = fetch(`${server.address}/api/posts/v1/slow`).then(async (res) => ({ status: res.status, body: await res.text(), at: performance.now() }))
    await sleep(100)
    const outcome: WriterOutcome = { created: [], statuses: new Map(), resets: [], refused: 0 }
    const deadline = performance.now() + 20_000
    const writers = Array.from({ length: 20 }, (_, n) => writer(server.address, n, deadline, outcome))
    await sleep(900)
    const exited = once(server.child, 'exit')
    const signalledAt = performance.now()
    server.child.kill('SIGTERM')

    const slow = await v1
    const [code] = await exited as [number | null]
    const exitedAt = performance.now()
    await Promise.all(writers)

    t.diagnostic(`SIGTERM → exit ${code} in ${Math.round(exitedAt - signalledAt)} ms; v1 finished ${Math.round(slow.at - signalledAt)} ms after SIGTERM; ` +
      `${outcome.created.length} posts created, statuses ${JSON.stringify(Object.fromEntries(outcome.statuses))}, ${outcome.refused} refused reconnects, ${outcome.resets.length} resets`)
    assert.equal(slow.status, 200)
    const posts = JSON.parse(slow.body) as Array<{ id: number }>
    assert.equal(posts.length, 100)
    assert.deepEqual(posts.map((p) => p.id), Array.from({ length: 100 }, (_, i) => i + 1))
    assert.ok(slow.at - v1Started > 1500, 'v1 really was in flight when the signal came')
    assert.equal(code, 0, 'exit code')
    const v1RemainingMs = slow.at - signalledAt
    assert.ok(exitedAt - signalledAt <= v1RemainingMs + 1000,
      `exited ${Math.round(exitedAt - signalledAt)} ms after SIGTERM; v1 finished ${Math.round(v1RemainingMs)} ms after it`)
    assert.deepEqual(outcome.resets, [], 'requests reset by the server')
    assert.ok(outcome.created.length > 20, `writers got ${outcome.created.length} posts created`)
    for (const status of outcome.statuses.keys()) assert.ok(status === 201 || status === 503, `unexpected status ${status}`)

    // Every acknowledged write is in the database after a restart on the same file.
    const restarted = await startServer(env)
    t.after(() => restarted.child.kill('SIGKILL'))
    for (const id of outcome.created) {
      const res = await fetch(`${restarted.address}/api/posts/${id}`)
      assert.equal(res.status, 200, `post ${id} was acknowledged with 201 but is gone`)
    }
    restarted.child.kill('SIGTERM')
    await once(restarted.child, 'exit')
  })
})
