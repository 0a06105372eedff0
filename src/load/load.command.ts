// `npm run load -- <scenario> <slow|fast>`: the Node runner, k6's twin. Exits 99 when a
// threshold is crossed, like k6.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { parseArgs } from 'node:util'
import { getScenario, isVariant, scenarioNames } from './catalogue.ts'
import { runLoad, type LoadRunResult, type LoadRunSpec } from './load-run.ts'
import { createProgress } from './progress.ts'
import { formatSummary } from './summary.ts'

export const THRESHOLDS_CROSSED = 99

export const loadUsage = `usage: npm run load -- <scenario> <slow|fast> [options]

  scenarios: ${scenarioNames.join(', ')}
  --quick               the few-second shape instead of the full k6 shape
  --duration S          closed loop for S seconds (with --connections) instead of staged VUs
  --connections N       closed-loop connections (default 10)
  --base-url URL        server to load (default $BASE_URL or http://127.0.0.1:8000)
  --out FILE            write the JSON result here (default results/<scenario>-<variant>.json)
  --prometheus-rw URL   push progress to Prometheus remote write, with k6's metric names
                        (default $K6_PROMETHEUS_RW_SERVER_URL when set)
  --testid ID           the testid label of the pushed series (default <scenario>/<variant>)`

export function writeResult (file: string, result: unknown): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
}

export function specFor (scenarioName: string, variant: string, options: {
  baseUrl: string, quick?: boolean, duration?: number, connections?: number, prometheusRw?: string, testid?: string
}): LoadRunSpec {
  const scenario = getScenario(scenarioName)
  if (!isVariant(variant)) throw new Error(`variant must be slow or fast, got "${variant}"`)
  const closed = options.duration !== undefined || options.connections !== undefined
  return {
    label: `${scenario.name}/${variant}`,
    baseUrl: options.baseUrl,
    path: scenario[variant],
    shape: closed ? undefined : scenario.shapes[options.quick === true ? 'quick' : 'full'],
    closedLoop: closed ? { connections: options.connections ?? 10, durationSeconds: options.duration ?? 10 } : undefined,
    checks: scenario.checks,
    thresholds: scenario.thresholds,
    remoteWrite: options.prometheusRw === undefined
      ? undefined
      : { url: options.prometheusRw, labels: { testid: options.testid ?? `${scenario.name}/${variant}`, variant, name: scenario[variant], method: 'GET', tool: 'baseplate-runner' } }
  }
}

export async function runAndReport (spec: LoadRunSpec): Promise<LoadRunResult> {
  const progress = createProgress()
  const result = await runLoad(spec, progress.update)
  progress.done()
  console.log(formatSummary(result))
  return result
}

function positiveNumber (name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number, got "${value}"`)
  return number
}

export async function loadCommand (args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      duration: { type: 'string' },
      connections: { type: 'string' },
      'base-url': { type: 'string' },
      out: { type: 'string' },
      'prometheus-rw': { type: 'string' },
      testid: { type: 'string' }
    }
  })
  const [scenario, variant] = positionals
  if (scenario === undefined || variant === undefined) {
    console.error(loadUsage)
    process.exitCode = 2
    return
  }
  const spec = specFor(scenario, variant, {
    baseUrl: values['base-url'] ?? process.env.BASE_URL ?? 'http://127.0.0.1:8000',
    quick: values.quick,
    duration: positiveNumber('duration', values.duration),
    connections: positiveNumber('connections', values.connections),
    prometheusRw: values['prometheus-rw'] ?? process.env.K6_PROMETHEUS_RW_SERVER_URL,
    testid: values.testid
  })
  const result = await runAndReport(spec)
  const out = values.out ?? `results/${scenario}-${variant}.json`
  writeResult(out, result)
  console.log(`\n  result written to ${out}`)
  if (!result.passed) process.exitCode = THRESHOLDS_CROSSED
}
