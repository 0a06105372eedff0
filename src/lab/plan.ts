// What a lab run will do, from the command line: which routes, which shape, which thresholds,
// and the environment the API is started with.
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { getScenario } from '../scenarios/catalogue.ts'
import type { Check, LoadShape } from '../scenarios/load-definition.ts'

export interface Subject {
  role: 'slow' | 'fast' | 'target'
  path: string
  /** What a correct lab run expects: the slow route fails its thresholds, the fast one passes. */
  expect?: 'fail' | 'pass'
}

export interface LabPlan {
  title: string
  subjects: Subject[]
  shape: LoadShape
  shapeName: string
  checks: Check[]
  thresholds: Record<string, string[]>
  bystander: string
  serverEnv: Record<string, string>
  outDir: string
}

export const labUsage = `usage: npm run lab [-- <scenario>] [options]

  <scenario>            a scenario of the catalogue (default: sequential-awaits, the original)
  --target PATH         hunt on any GET route of the app (no fast twin: verdict on thresholds)
  --compare A B         compare two routes: A is expected to fail, B to pass
  --shape quick|seed    quick (default, a few seconds) or seed: the original's full 40 s k6 shape
  --plugin FILE         register a Fastify plugin of your own (its routes can then be --target'ed)
  --threshold EXPR      replace the latency threshold, e.g. 'p(95)<200' (with --target/--compare)
  --out DIR             where to write the report (default lab-report)`

export function planFromArgs (args: string[]): LabPlan {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string' },
      compare: { type: 'boolean', default: false },
      shape: { type: 'string', default: 'quick' },
      threshold: { type: 'string' },
      plugin: { type: 'string', multiple: true },
      out: { type: 'string' }
    }
  })
  if (!['quick', 'seed', 'full'].includes(values.shape)) throw new Error(`--shape must be quick or seed, got "${values.shape}"`)
  const shapeKey = values.shape === 'quick' ? 'quick' : 'full'
  const routeOnly = values.target !== undefined || values.compare
  const scenario = getScenario(routeOnly ? 'sequential-awaits' : positionals[0] ?? 'sequential-awaits')
  const thresholds = values.threshold === undefined
    ? scenario.thresholds
    : { ...scenario.thresholds, http_req_duration: [values.threshold] }
  const common = {
    shape: scenario.shapes[shapeKey],
    shapeName: values.shape === 'quick' ? 'quick' : 'seed (the original k6 shape)',
    checks: scenario.checks,
    thresholds,
    bystander: scenario.bystander,
    outDir: values.out ?? 'lab-report',
    serverEnv: {
      ...(routeOnly ? {} : scenario.serverEnv),
      ...(values.plugin === undefined ? {} : { PLUGINS: values.plugin.map((file) => resolve(file)).join(',') })
    }
  }
  const route = (path: string): string => {
    if (!path.startsWith('/')) throw new Error(`a route path starts with /, got "${path}"`)
    return path
  }
  if (values.target !== undefined) {
    return { ...common, title: `target ${values.target}`, subjects: [{ role: 'target', path: route(values.target) }] }
  }
  if (values.compare) {
    const [a, b] = positionals
    if (a === undefined || b === undefined) throw new Error('--compare needs two route paths')
    return { ...common, title: `compare ${a} vs ${b}`, subjects: [{ role: 'slow', path: route(a), expect: 'fail' }, { role: 'fast', path: route(b), expect: 'pass' }] }
  }
  return {
    ...common,
    title: `${scenario.name}: ${scenario.title}`,
    subjects: [
      { role: 'slow', path: scenario.slow, expect: 'fail' },
      { role: 'fast', path: scenario.fast, expect: 'pass' }
    ]
  }
}
