// `npm run gate`: proof that the load gate can see each bottleneck. Starts the API, runs the
// quick shape against every scenario's slow and fast route, and succeeds only if every slow
// route FAILS its thresholds and every fast route PASSES them.
import { formatMs } from '../../format.ts'
import { startServerProcess } from '../../harness/server-process.ts'
import { writeResult } from '../../runner/result-file.ts'
import type { LoadRunResult } from '../../runner/run.ts'
import { runAndReport, specFor } from '../../runner/scenario-run.ts'
import { getScenario, scenarioNames } from '../../scenarios/catalogue.ts'
import { ExitCode, parseCommandArgs, UsageError, type Command } from '../command.ts'

interface GateRow {
  scenario: string
  slow: LoadRunResult
  fast: LoadRunResult
  ok: boolean
}

export function formatGate (rows: GateRow[]): string {
  const lines = [
    '| scenario | slow p95 | slow verdict | fast p95 | fast verdict | gate |',
    '|---|---:|---|---:|---|---|'
  ]
  for (const { scenario, slow, fast, ok } of rows) {
    lines.push(`| ${scenario} | ${formatMs(slow.latency.p95Ms)} | ${slow.passed ? 'passed ✗' : 'failed ✓'} | ${formatMs(fast.latency.p95Ms)} | ${fast.passed ? 'passed ✓' : 'failed ✗'} | ${ok ? 'OK' : 'BROKEN'} |`)
  }
  return lines.join('\n')
}

export const command: Command = {
  summary: 'start the API; every slow route must fail its thresholds, every fast one pass',
  usage: `usage: npm run gate [-- scenario...]

  runs the quick shape against each scenario's slow and fast route (default: every scenario),
  each scenario on a fresh server and database (with DATABASE_URL: a throwaway database on that
  PostgreSQL server, dropped afterwards); writes results/gate/<scenario>-<slow|fast>.json
  scenarios: ${scenarioNames.join(', ')}`,
  async run (args) {
    const { positionals } = parseCommandArgs({ args, allowPositionals: true, options: {} })
    let names
    try {
      names = positionals.length > 0 ? positionals.map((name) => getScenario(name).name) : scenarioNames
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
    const rows: GateRow[] = []
    for (const scenario of names) {
      // A fresh server per scenario: its own database and the environment the scenario needs.
      const server = await startServerProcess(getScenario(scenario).serverEnv)
      console.log(`\n${scenario}: the API on ${server.database}`)
      try {
        const slow = await runAndReport(specFor(scenario, 'slow', { baseUrl: server.baseUrl, quick: true }))
        const fast = await runAndReport(specFor(scenario, 'fast', { baseUrl: server.baseUrl, quick: true }))
        writeResult(`results/gate/${scenario}-slow.json`, slow)
        writeResult(`results/gate/${scenario}-fast.json`, fast)
        rows.push({ scenario, slow, fast, ok: !slow.passed && fast.passed })
      } finally {
        await server.stop()
      }
    }
    console.log(`\nTwo-sided load gate (slow must fail its thresholds, fast must pass them):\n\n${formatGate(rows)}\n`)
    const broken = rows.filter((row) => !row.ok)
    if (broken.length > 0) {
      console.error(`gate BROKEN for: ${broken.map((row) => row.scenario).join(', ')}`)
      return ExitCode.failed
    }
    console.log('gate OK: every slow route is caught, every fast route passes')
    return ExitCode.ok
  }
}
