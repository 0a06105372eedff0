// Test helpers: a fresh app per test on a database of its own (in-memory SQLite, or a new
// schema on the PostgreSQL test server), closed and dropped after the test.
import type { TestContext } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'
import { createDb, type Db } from '../../src/db/database.ts'
import { postgresUrl, type TestDialect } from './dialects.ts'
import { createTestSchema } from './postgres.ts'

export function testConfig (overrides: Partial<Config> = {}): Config {
  return loadConfig({}, {
    databaseFile: ':memory:',
    logLevel: 'silent',
    seedCount: 0,
    slowCallMs: 0,
    seedScenarios: false,
    eventsSeedCount: 2000,
    articlesSeedCount: 30,
    settingsHistoryEntries: 50,
    ...overrides
  })
}

/** A database for one test: the config that points at it, and what to do once the test is over. */
async function testDatabase (dialect: TestDialect): Promise<{ config: Partial<Config>, drop: () => Promise<void> }> {
  if (dialect === 'sqlite') return { config: {}, drop: async () => {} }
  const { url, drop } = await createTestSchema(postgresUrl())
  return { config: { databaseUrl: url }, drop }
}

type TestOverrides = Partial<Config> & { dialect?: TestDialect }

export async function buildTestApp (t: TestContext, { dialect = 'sqlite', ...overrides }: TestOverrides = {}): Promise<FastifyInstance> {
  const database = await testDatabase(dialect)
  const app = await buildApp(testConfig({ ...database.config, ...overrides }))
    .catch(async (error: unknown) => { await database.drop(); throw error })
  // One hook, in this order: the app's pool must be closed before its database is dropped.
  t.after(async () => { await app.close(); await database.drop() })
  return app
}

/** A bare, unmigrated database (no app), destroyed and dropped after the test. */
export async function buildTestDb (t: TestContext, dialect: TestDialect, overrides: Partial<Config> = {}): Promise<Db> {
  const database = await testDatabase(dialect)
  const db = createDb(testConfig({ ...database.config, ...overrides }))
  t.after(async () => { await db.destroy(); await database.drop() })
  return db
}

export interface ServerTiming {
  [name: string]: { dur: number, desc?: string }
}

/** Parses a Server-Timing header into { db: { dur, desc }, ... }. */
export function parseServerTiming (header: unknown): ServerTiming {
  const timing: ServerTiming = {}
  for (const entry of String(header ?? '').split(',')) {
    const [name, ...params] = entry.trim().split(';')
    if (name === undefined || name === '') continue
    const values = Object.fromEntries(params.map((p) => {
      const [key, value = ''] = p.split('=')
      return [key, value.replace(/^"|"$/g, '')]
    }))
    timing[name] = { dur: Number(values.dur), desc: values.desc }
  }
  return timing
}

/** The leading number of a Server-Timing description such as "100 calls". */
export const countOf = (timing: ServerTiming, name: string): number => Number.parseInt(timing[name]?.desc ?? 'NaN', 10)
