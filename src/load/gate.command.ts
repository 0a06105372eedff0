// `npm run gate`: proof that the load gate can see each bottleneck. Starts the API, runs the
// quick shape against every scenario's slow and fast route, and succeeds only if every slow
// route FAILS its thresholds and every fast route PASSES them.
import { parseArgs } from 'node:util'
import { getScenario, scenarioNames } from './catalogue.ts'
import { runAndReport, specFor, writeResult } from './load.command.ts'
import type { LoadRunResult } from './load-run.ts'
import { startServerProcess } from './server-process.ts'

interface GateRow {
  scenario: string
  slow: LoadRunResult
  fast: LoadRunResult
  ok: boolean
}

const fmt = (ms: number): string => ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`

export function formatGate (rows: GateRow[]): string {
  const lines = [
    '| scenario | slow p95 | slow verdict | fast p95 | fast verdict | gate |',
    '|---|---:|---|---:|---|---|'
  ]
  for (const { scenario, slow, fast, ok } of rows) {
    lines.push(`| ${scenario} | ${fmt(slow.latency.p95Ms)} | ${slow.passed ? 'passed ✗' : 'failed ✓'} | ${fmt(fast.latency.p95Ms)} | ${fast.passed ? 'passed ✓' : 'failed ✗'} | ${ok ? 'OK' : 'BROKEN'} |`)
  }
  return lines.join('\n')
}

export async function gateCommand (args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true })
  const names = positionals.length > 0 ? positionals.map((name) => getScenario(name).name) : scenarioNames
  const rows: GateRow[] = []
  for (const scenario of names) {
    // A fresh server per scenario: its own database and the environment the scenario needs.
    const server = await startServerProcess(getScenario(scenario).serverEnv)
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
    process.exitCode = 1
  } else {
    console.log('gate OK: every slow route is caught, every fast route passes')
  }
}
