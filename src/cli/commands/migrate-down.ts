// `tsx src/cli/index.ts migrate:down`: reverts the latest migration.
import { migrateDown } from '../../db/migrate.ts'
import { ExitCode, parseCommandArgs, type Command } from '../command.ts'
import { withDb } from '../with-db.ts'

export const command: Command = {
  summary: 'revert the latest migration',
  usage: 'usage: npm run db:migrate:down\n\n  reverts the latest applied migration',
  async run (args) {
    parseCommandArgs({ args, options: {} })
    const reverted = await withDb(migrateDown)
    console.log(reverted.length > 0 ? reverted.join('\n') : 'nothing to revert')
    return ExitCode.ok
  }
}
