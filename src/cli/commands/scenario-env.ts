// `tsx src/cli/index.ts scenario-env <name>`: the environment a scenario's server needs.
import { getScenario } from '../../scenarios/catalogue.ts'
import { ExitCode, parseCommandArgs, UsageError, type Command } from '../command.ts'

export const command: Command = {
  summary: 'the environment the API needs for a scenario (KEY=VALUE lines)',
  usage: 'usage: npm run scenario-env -- <scenario>\n\n  prints KEY=VALUE lines, e.g. for `env $(... | xargs) npm start`',
  async run (args) {
    const { positionals } = parseCommandArgs({ args, allowPositionals: true, options: {} })
    if (positionals.length !== 1) throw new UsageError('needs exactly one scenario name')
    let scenario
    try {
      scenario = getScenario(positionals[0]!)
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
    for (const [key, value] of Object.entries(scenario.serverEnv ?? {})) console.log(`${key}=${value}`)
    return ExitCode.ok
  }
}
