// The lab's agent inside a test process: the app listens on a free port, the agent (with the
// drivers this process has already loaded) measures what `work` makes the app do.
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { Agent } from '../../src/agent/agent.ts'
import { Database as SQLite } from '../../src/db/sqlite-library.ts'
import type { Snapshot } from '../../src/agent/protocol.ts'

let agent: Agent | undefined

export async function measure (app: FastifyInstance, work: (baseUrl: string) => Promise<void>, { explain = false } = {}): Promise<Snapshot> {
  if (agent === undefined) {
    agent = new Agent()
    agent.install({ 'better-sqlite3': SQLite, 'pg/lib/client.js': pg.Client, 'pg-pool': pg.Pool })
  }
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  await agent.start()
  try {
    await work(baseUrl)
  } catch (error) {
    await agent.stop({ explain: false })
    throw error
  }
  return agent.stop({ explain })
}
