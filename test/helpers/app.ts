// Test helpers: a fresh app on an in-memory SQLite database per test, closed after the test.
import type { TestContext } from 'node:test'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../src/app.ts'
import { loadConfig, type Config } from '../../src/config.ts'

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

export async function buildTestApp (t: TestContext, overrides: Partial<Config> = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides))
  t.after(() => app.close())
  return app
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
