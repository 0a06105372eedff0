// `npm run lab`: the whole bottleneck hunt in one command, printed for a terminal and written
// as an HTML report, a JSON result and one CPU profile per route.
import { join } from 'node:path'
import { labUsage, planFromArgs } from '../../lab/plan.ts'
import { formatLabReport } from '../../lab/report-text.ts'
import { runLab } from '../../lab/run.ts'
import { ExitCode, interruptible, UsageError, type Command } from '../command.ts'

export const command: Command = {
  summary: 'the whole hunt: load, profile, diagnose, report (lab-report/)',
  usage: labUsage,
  async run (args) {
    let plan
    try {
      plan = planFromArgs(args)
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0]!)
    }
    const { value: result, interrupted } = await interruptible((signal) => runLab(plan, console.log, undefined, signal))
    if (interrupted) {
      console.error('lab interrupted: server stopped, temporary files removed; no report written')
      return ExitCode.aborted
    }
    const { outDir } = plan
    console.log(formatLabReport(result, { color: process.stdout.isTTY && process.env.NO_COLOR === undefined }))
    console.log(`\n  report: ${join(outDir, 'index.html')}   results: ${join(outDir, 'results.json')}   CPU profiles: ${join(outDir, '*.cpuprofile')}`)
    // A slow or fast route that did not behave as expected is a broken lesson; a --target that
    // crossed its thresholds is a finding, reported as k6 would.
    if (result.subjects.some((s) => s.expect !== undefined && !s.asExpected)) return ExitCode.failed
    return result.subjects.every((s) => s.load.passed || s.expect !== undefined) ? ExitCode.ok : ExitCode.thresholdsCrossed
  }
}
