// `npm run db:migrate`: applies every pending migration.
import { migrateToLatest } from '../../db/migrate.ts'
import { ExitCode, parseCommandArgs, type Command } from '../command.ts'
import { withDb } from '../with-db.ts'

export const command: Command = {
  summary: 'apply all pending migrations (DATABASE_FILE or DATABASE_URL)',
  usage: 'usage: npm run db:migrate\n\n  applies every pending migration to the configured database',
  async run (args) {
    parseCommandArgs({ args, options: {} })
    const applied = await withDb(migrateToLatest)
    console.log(applied.length > 0 ? applied.join('\n') : 'already up to date')
    return ExitCode.ok
  }
}
