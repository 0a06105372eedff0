// Builds a k6 test (options + default function) from one scenario of the catalogue (src/scenarios/catalogue.ts).
import http from 'k6/http'
import { check, sleep } from 'k6'
import type { Options } from 'k6/options'
import { scenarios, type ScenarioName, type Variant } from '../../../src/scenarios/catalogue.ts'

const baseUrl = (__ENV.BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')

export function scenarioTest (name: ScenarioName, variant: Variant) {
  const scenario = scenarios[name]
  const shape = scenario.shapes[__ENV.SHAPE === 'quick' ? 'quick' : 'full']
  const url = `${baseUrl}${scenario[variant]}`

  const options: Options = {
    stages: shape.stages,
    thresholds: scenario.thresholds,
    // testid groups a run's series in Prometheus; the Grafana load-test dashboard filters on it.
    tags: { testid: __ENV.TESTID ?? `${name}/${variant}`, variant }
  }

  const checks = Object.fromEntries(scenario.checks.map((c) => [
    c.name,
    (res: http.RefinedResponse<'text'>) =>
      (c.status === undefined || res.status === c.status) &&
      (c.maxDurationMs === undefined || res.timings.duration < c.maxDurationMs)
  ]))

  function iteration (): void {
    const res = http.get(url, { tags: { name: scenario[variant] } })
    check(res, checks)
    sleep(shape.thinkTimeSeconds)
  }

  return { options, iteration }
}
