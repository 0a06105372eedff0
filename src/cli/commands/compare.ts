// `npm run compare -- baseline.json current.json`: the Markdown comparison of two results;
// exits 1 on a regression.
import { compareResults, formatComparison } from '../../runner/compare.ts'
import { readResult, ResultFileError } from '../../runner/result-file.ts'
import type { LoadRunResult } from '../../runner/run.ts'
import { ExitCode, parseCommandArgs, UsageError, type Command } from '../command.ts'

const isRunResult = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null && (value as { tool?: unknown }).tool === 'baseplate-runner'
    ? undefined
    : 'not a result of the Node runner (npm run load / npm run gate)'

export const command: Command = {
  summary: 'compare two results: a Markdown table of the deltas; exits 1 on a regression',
  usage: `usage: npm run compare -- <baseline.json> <current.json> [--tolerance PERCENT]

  --tolerance P   changes within ±P % are noise (default 10)`,
  async run (args) {
    const { values, positionals } = parseCommandArgs({ args, allowPositionals: true, options: { tolerance: { type: 'string', default: '10' } } })
    const [baselineFile, currentFile] = positionals
    const tolerance = Number(values.tolerance)
    if (baselineFile === undefined || currentFile === undefined || positionals.length > 2) throw new UsageError('needs <baseline.json> and <current.json>')
    if (!(tolerance >= 0)) throw new UsageError(`--tolerance must be a number ≥ 0, got "${values.tolerance}"`)
    let baseline: LoadRunResult, current: LoadRunResult
    try {
      baseline = readResult<LoadRunResult>(baselineFile, isRunResult)
      current = readResult<LoadRunResult>(currentFile, isRunResult)
    } catch (error) {
      if (error instanceof ResultFileError) throw new UsageError(error.message)
      throw error
    }
    const comparison = compareResults(baseline, current, tolerance)
    console.log(formatComparison(comparison, baseline, current, tolerance))
    return comparison.verdict === 'regression' ? ExitCode.failed : ExitCode.ok
  }
}
