// Command-line dispatcher: one table of commands, each loaded only when it runs.
import { ExitCode, UsageError, wantsHelp, type Command } from './command.ts'

const commands: Record<string, () => Promise<{ command: Command }>> = {
  migrate: () => import('./commands/migrate.ts'),
  'migrate:down': () => import('./commands/migrate-down.ts'),
  seed: () => import('./commands/seed.ts'),
  load: () => import('./commands/load.ts'),
  gate: () => import('./commands/gate.ts'),
  compare: () => import('./commands/compare.ts'),
  bench: () => import('./commands/bench.ts'),
  lab: () => import('./commands/lab.ts'),
  soak: () => import('./commands/soak.ts'),
  'scenario-env': () => import('./commands/scenario-env.ts')
}

async function overview (): Promise<string> {
  const lines = ['usage: npm run <command> -- [options]   (or: tsx src/cli/index.ts <command> [options])', '']
  for (const [name, load] of Object.entries(commands)) {
    lines.push(`  ${name.padEnd(14)}${(await load()).command.summary}`)
  }
  lines.push('', '  <command> --help   shows the options of a command')
  return lines.join('\n')
}

async function main (argv: string[]): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === 'help' || wantsHelp([name])) {
    console.log(await overview())
    return name === undefined ? ExitCode.usage : ExitCode.ok
  }
  const load = commands[name]
  if (load === undefined) {
    console.error(`unknown command "${name}"; known: ${Object.keys(commands).join(', ')}`)
    return ExitCode.usage
  }
  const { command } = await load()
  if (wantsHelp(args)) {
    console.log(command.usage)
    return ExitCode.ok
  }
  try {
    return await command.run(args)
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${name}: ${error.message} (see: npm run ${name} -- --help)`)
      return ExitCode.usage
    }
    throw error
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exitCode = ExitCode.failed
  }
)
