// The dialects the database suites loop over, Kysely test-suite style: SQLite always, PostgreSQL
// where a server is available. Locally a missing server skips those suites with one line per
// run; in CI (CI set) it fails. TEST_DIALECTS=sqlite (or postgres) narrows the loop.
import { it } from 'node:test'
import assert from 'node:assert/strict'
import { postgresServer, startedTheServer } from './postgres.ts'

export type TestDialect = 'sqlite' | 'postgres'

const wanted = (process.env.TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim())
const server = wanted.includes('postgres') ? await postgresServer() : undefined

if (server !== undefined && 'unavailable' in server) {
  if (process.env.CI !== undefined) {
    it('PostgreSQL suites', () => assert.fail(`PostgreSQL is required in CI: ${server.unavailable}`))
  } else if (startedTheServer()) {
    it('PostgreSQL suites', { skip: `no server (set TEST_DATABASE_URL or install postgresql): ${server.unavailable}` }, () => {})
  }
}

export const dialects = (['sqlite', 'postgres'] as const).filter((dialect) =>
  wanted.includes(dialect) && (dialect === 'sqlite' || (server !== undefined && 'url' in server)))

/** The server's URL; only called for dialect 'postgres', which is listed only when there is one. */
export function postgresUrl (): string {
  if (server === undefined || !('url' in server)) throw new Error('no PostgreSQL server in this run')
  return server.url
}
