// `npm run db:seed -- --count N`: deterministic posts 1..N and the scenario catalogue's data.
import { loadConfig } from '../../config.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { countPosts, seedPosts } from '../../db/seed.ts'
import { seedScenarios } from '../../scenarios/index.ts'
import { ExitCode, parseCommandArgs, UsageError, type Command } from '../command.ts'
import { withDb } from '../with-db.ts'

export const command: Command = {
  summary: 'insert posts 1..N and the scenario data (idempotent, deterministic)',
  usage: `usage: npm run db:seed -- [--count N]

  --count N   posts 1..N (default SEED_COUNT, 100); posts already there are kept`,
  async run (args) {
    const { values } = parseCommandArgs({ args, options: { count: { type: 'string' } } })
    const config = loadConfig(process.env)
    const count = values.count === undefined ? config.seedCount : Number(values.count)
    if (!/^\d+$/.test(values.count ?? '0') || count > 100_000) throw new UsageError(`--count must be a whole number from 0 to 100000, got "${values.count}"`)
    await withDb(async (db) => {
      await migrateToLatest(db)
      const inserted = await seedPosts(db, count)
      console.log(`inserted ${inserted} posts (${count - inserted} already present); ${await countPosts(db)} posts in total`)
      await seedScenarios(db, { ...config, seedCount: count }, console.log)
      console.log('scenario data (comments, settings, events, articles) present')
    })
    return ExitCode.ok
  }
}
