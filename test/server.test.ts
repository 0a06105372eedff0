import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { dialects, postgresUrl } from './helpers/dialects.ts'
import { createTestSchema } from './helpers/postgres.ts'

/** Starts src/server.ts as a real process and resolves with its address once it listens. */
async function startServer (env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-server-'))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', DATABASE_FILE: join(dir, 'test.db'), DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let output = ''
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (match !== null) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)))
  })
  return { child, address, logs: () => output, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

describe('server process', () => {
  for (const dialect of dialects) {
    it(`migrates and seeds an empty database on first start (${dialect})`, async (t) => {
      const schema = dialect === 'postgres' ? await createTestSchema(postgresUrl()) : undefined
      const server = await startServer({ SEED_COUNT: '12', ...(schema && { DATABASE_URL: schema.url }) })
      t.after(async () => { server.child.kill('SIGKILL'); server.cleanup(); await schema?.drop() })
      const posts = await (await fetch(`${server.address}/api/posts/v2/fast`)).json() as unknown[]
      assert.equal(posts.length, 12)
      assert.match(server.logs(), /seeded 12 posts into an empty database/)
      // The last of the 500,000 default events, computed in 64 bits on either dialect.
      const latest = await (await fetch(`${server.address}/api/scenarios/missing-index/fast?userId=1&limit=1`)).json()
      const createdAt = new Date(Date.UTC(2024, 0, 1) + 500_000 * 37_000).toISOString()
      assert.deepEqual(latest, [{ id: 500_000, userId: 1, kind: 'view', payload: '{"post":1,"client":"web"}', createdAt }])
    })
  }

  it('drains an in-flight request on SIGTERM, then exits 0', async (t) => {
    const server = await startServer({ SEED_COUNT: '100', SLOW_CALL_MS: '5' })
    t.after(() => { server.child.kill('SIGKILL'); server.cleanup() })
    const inFlight = fetch(`${server.address}/api/posts/v1/slow`)
    await new Promise((resolve) => setTimeout(resolve, 150))
    const exited = once(server.child, 'exit')
    server.child.kill('SIGTERM')
    const response = await inFlight
    assert.equal(response.status, 200)
    assert.equal((await response.json() as unknown[]).length, 100)
    const [code] = await exited
    assert.equal(code, 0)
    await assert.rejects(fetch(`${server.address}/`))
  })

  it('says in one line that the port is busy, naming PORT, when another server holds it', async (t) => {
    const first = await startServer({ SEED_COUNT: '0', SEED_SCENARIOS: 'false' })
    t.after(() => { first.child.kill('SIGKILL'); first.cleanup() })
    const port = new URL(first.address).port
    const dir = mkdtempSync(join(tmpdir(), 'baseplate-server-'))
    t.after(() => rmSync(dir, { recursive: true, force: true }))
    const second = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: port, LOG_LEVEL: 'silent', SEED_SCENARIOS: 'false', DATABASE_FILE: join(dir, 'second.db') },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    second.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const [code] = await once(second, 'exit')
    assert.equal(code, 1)
    assert.equal(stderr.trim().split('\n').length, 1, stderr)
    assert.match(stderr, new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*PORT=${Number(port) + 1} npm start`))
  })

  it('refuses to start on an invalid configuration, naming the variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'eighty' },
      stdio: ['ignore', 'ignore', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    const [code] = await once(child, 'exit')
    assert.equal(code, 1)
    assert.match(stderr, /PORT="eighty": must be integer/)
  })
})
