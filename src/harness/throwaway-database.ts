// A database of its own for every server the tools start: a fresh SQLite file in a temporary
// folder by default, or, when DATABASE_URL names a PostgreSQL server, a fresh database on it that
// is dropped again afterwards. A gate, a lab or a soak never touches the data behind the URL.
import { join } from 'node:path'
import pg from 'pg'
import { temporaryDir } from './temporary-dir.ts'

export interface ThrowawayDatabase {
  /** Environment for the server: DATABASE_FILE or DATABASE_URL. */
  env: Record<string, string>
  /** "a fresh embedded SQLite database" or "a throwaway database on PostgreSQL 18.1 at host:port". */
  description: string
  drop: () => Promise<void>
}

async function admin<T> (url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}

export async function throwawayDatabase (databaseUrl = process.env.DATABASE_URL ?? ''): Promise<ThrowawayDatabase> {
  if (databaseUrl === '') {
    const { dir, remove } = temporaryDir('baseplate-db-')
    return { env: { DATABASE_FILE: join(dir, 'baseplate.db'), DATABASE_URL: '' }, description: 'a fresh embedded SQLite database', drop: async () => remove() }
  }
  const name = `baseplate_throwaway_${process.pid}_${Date.now().toString(36)}`
  const version = await admin(databaseUrl, async (client) => {
    await client.query(`CREATE DATABASE ${name}`)
    return (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version
  })
  const url = new URL(databaseUrl)
  url.pathname = `/${name}`
  return {
    env: { DATABASE_URL: url.href },
    description: `a throwaway database on PostgreSQL ${version} at ${url.host}`,
    // WITH (FORCE): a server that did not close its connections must not keep the database alive.
    drop: () => admin(databaseUrl, async (client) => { await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) })
  }
}
