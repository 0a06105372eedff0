// `npm run compare -- baseline.json current.json`: the Markdown comparison of two results;
// exits 1 on a regression.
import { compareResults, DEFAULT_TOLERANCE_PERCENT, formatComparison } from '../../runner/compare.ts'
import { readResult, ResultFileError } from '../../runner/result-file.ts'
import type { LoadRunResult } from '../../runner/run.ts'
import { ExitCode, parseCommandArgs, UsageError, type Command } from '../command.ts'

function isRunResult (value: unknown): string | undefined {
  const result = value as Partial<LoadRunResult> | null
  if (typeof result !== 'object' || result === null || result.tool !== 'baseplate-runner') return 'not a result of the Node runner (npm run load / npm run gate)'
  if (result.formatVersion !== 2 || typeof result.histogram !== 'string' || !Array.isArray(result.timeline)) {
    return `written by an older runner (format ${String(result.formatVersion)}) without latency samples: run it again`
  }
  return undefined
}

export const command: Command = {
  summary: 'compare two results: a Markdown table of the deltas; exits 1 on a regression',
  usage: `usage: npm run compare -- <baseline.json> <current.json> [--tolerance PERCENT]

  Compares p50, p95, error rate (and req/s of closed-loop runs) from the runs' latency samples:
  a change counts only when its whole 95 % bootstrap interval lies beyond ±tolerance
  (twice the tolerance for p95).
  --tolerance P   the band around "no change", in percent (default ${DEFAULT_TOLERANCE_PERCENT})
  exit codes: 0 no regression, 1 regression, 2 bad usage or unreadable file`,
  async run (args) {
    const { values, positionals } = parseCommandArgs({ args, allowPositionals: true, options: { tolerance: { type: 'string', default: String(DEFAULT_TOLERANCE_PERCENT) } } })
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
