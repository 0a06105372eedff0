// Command-line dispatcher: database chores now, the load tools as they arrive.
import { parseArgs } from 'node:util'
import { loadConfig } from './config.ts'
import { createDb } from './db/database.ts'
import { migrateDown, migrateToLatest } from './db/migrate.ts'
import { countPosts, seedPosts } from './db/seed.ts'
import { seedScenarios } from './scenarios/scenarios.seed.ts'
import { labCommand } from './lab/lab.command.ts'
import { benchCommand } from './load/bench.command.ts'
import { getScenario } from './load/catalogue.ts'
import { compareCommand } from './load/compare.command.ts'
import { gateCommand } from './load/gate.command.ts'
import { loadCommand } from './load/load.command.ts'

const usage = `usage: tsx src/cli.ts <command> [options]

  migrate              apply all pending migrations
  migrate:down         revert the latest migration
  seed [--count N]     insert deterministic dummy posts 1..N (default SEED_COUNT, 100); idempotent
  load <scenario> <slow|fast> [--quick] [--duration S --connections N] [--base-url URL]
                       the Node load runner (k6's twin); exits 99 when a threshold is crossed
  gate [scenario...]   start the API; every slow route must fail its thresholds, every fast one pass
  compare <baseline.json> <current.json> [--tolerance P]
                       Markdown table of the deltas; exits 1 on a regression
  scenario-env <name>  the environment the API needs for a scenario (KEY=VALUE lines)
  lab [scenario] [--target PATH | --compare A B] [--shape quick|seed]
                       the whole hunt: load, profile, diagnose, report (lab-report/)
  bench [--connections N] [--duration S]
                       the fast routes against a bare node:http ceiling, in one run`

async function withDb<T> (fn: (db: ReturnType<typeof createDb>) => Promise<T>): Promise<T> {
  const db = createDb(loadConfig(process.env))
  try {
    return await fn(db)
  } finally {
    await db.destroy()
  }
}

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async migrate () {
    const applied = await withDb(migrateToLatest)
    console.log(applied.length > 0 ? applied.join('\n') : 'already up to date')
  },
  async 'migrate:down' () {
    const reverted = await withDb(migrateDown)
    console.log(reverted.length > 0 ? reverted.join('\n') : 'nothing to revert')
  },
  async seed (args) {
    const { values } = parseArgs({ args, options: { count: { type: 'string' } } })
    const config = loadConfig(process.env)
    const count = values.count === undefined ? config.seedCount : Number(values.count)
    if (!Number.isInteger(count) || count < 0) throw new Error(`--count must be a non-negative integer, got ${values.count}`)
    await withDb(async (db) => {
      await migrateToLatest(db)
      const inserted = await seedPosts(db, count)
      console.log(`inserted ${inserted} posts (${count - inserted} already present); ${await countPosts(db)} posts in total`)
      await seedScenarios(db, { ...config, seedCount: count })
      console.log('scenario data (comments, settings, events, articles) present')
    })
  },
  async 'scenario-env' ([name]) {
    const scenario = getScenario(name ?? '')
    for (const [key, value] of Object.entries(scenario.serverEnv ?? {})) console.log(`${key}=${value}`)
  },
  load: loadCommand,
  gate: gateCommand,
  compare: compareCommand,
  bench: benchCommand,
  lab: labCommand
}

const [name = 'help', ...rest] = process.argv.slice(2)
const command = commands[name]
if (command === undefined) {
  console.log(usage)
  process.exitCode = name === 'help' || name === '--help' ? 0 : 2
} else {
  command(rest).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = 1
  })
}
