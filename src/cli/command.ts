// What every command is: a usage text and a run function that returns the process's exit code.
// The exit codes are one table, documented in the README, so a script can tell outcomes apart.
import { parseArgs, type ParseArgsConfig } from 'node:util'

export const ExitCode = {
  /** Everything passed. */
  ok: 0,
  /** The command ran and found a problem: a regression, a broken gate, an unexpected lab result. */
  failed: 1,
  /** Bad usage: unknown option, missing argument, unreadable input file. Nothing was run. */
  usage: 2,
  /** The target could not be reached (connection refused, unknown host, timeouts). */
  unreachable: 3,
  /** Thresholds crossed, as k6 exits. */
  thresholdsCrossed: 99,
  /** Interrupted (Ctrl-C or SIGTERM); partial results were written. */
  aborted: 130
} as const

export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode]

export interface Command {
  /** One line for the command list. */
  summary: string
  usage: string
  run: (args: string[]) => Promise<ExitCodeValue>
}

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** node:util parseArgs, with its errors turned into UsageErrors. */
export function parseCommandArgs<T extends ParseArgsConfig> (config: T) {
  try {
    return parseArgs(config)
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code?.startsWith('ERR_PARSE_ARGS') === true) throw new UsageError((error as Error).message.split('\n')[0]!)
    throw error
  }
}

/** True when the arguments ask for help. */
export const wantsHelp = (args: string[]): boolean => args.includes('--help') || args.includes('-h')

/** A positive number from an option's text, or a UsageError naming the option. */
export function positiveNumber (name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`--${name} must be a positive number, got "${value}"`)
  return number
}

/**
 * Runs `work` with an AbortSignal that the first Ctrl-C (SIGINT) or SIGTERM aborts, so the work
 * can stop, print what it has and clean up; a second signal exits at once with code 130.
 */
export async function interruptible<T> (work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T, interrupted: boolean }> {
  const controller = new AbortController()
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) process.exit(ExitCode.aborted)
    console.error(`\n${signal}: stopping (again to quit at once)`)
    controller.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const value = await work(controller.signal)
    return { value, interrupted: controller.signal.aborted }
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
