// A load run of one scenario's slow or fast route, as the load command and the gate run it.
import { getScenario, isVariant } from '../scenarios/catalogue.ts'
import { createProgress } from './progress.ts'
import { runLoad, type LoadRunResult, type LoadRunSpec } from './run.ts'
import { formatSummary } from './summary.ts'

export interface ScenarioRunOptions {
  baseUrl: string
  quick?: boolean
  duration?: number
  connections?: number
  prometheusRw?: string
  testid?: string
}

export function specFor (scenarioName: string, variant: string, options: ScenarioRunOptions): LoadRunSpec {
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

/** Runs with live progress on stderr and prints the k6-like summary. */
export async function runAndReport (spec: LoadRunSpec): Promise<LoadRunResult> {
  const progress = createProgress()
  const result = await runLoad(spec, progress.update)
  progress.done()
  console.log(formatSummary(result))
  return result
}
