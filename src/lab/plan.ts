// What a lab run will do, from the command line: which service (Baseplate, or any command),
// which routes, which shape, which thresholds.
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

/** Baseplate itself (on a throwaway database), or any service started by a command. */
export type ServicePlan =
  | { kind: 'baseplate', env: Record<string, string> }
  | { kind: 'command', command: string, cwd: string, env: Record<string, string>, baseUrl?: string }

export interface LabPlan {
  title: string
  subjects: Subject[]
  shape: LoadShape
  shapeName: string
  checks: Check[]
  thresholds: Record<string, string[]>
  bystander: string
  service: ServicePlan
  outDir: string
}

export const labUsage = `usage: npm run lab [-- <scenario>] [options]

  <scenario>            a scenario of the catalogue (default: sequential-awaits, the original)
  --target PATH         hunt on a GET route (repeatable; no fast twin: a verdict per route)
  --compare A B         compare two routes: A is expected to fail its thresholds, B to pass
  --shape quick|seed    quick (default, a few seconds) or seed: the original's full 40 s k6 shape
  --threshold EXPR      replace the latency threshold, e.g. 'p(95)<200' (with --target/--compare)
  --bystander PATH      the cheap route probed for collateral damage (default /)
  --out DIR             where to write the report (default lab-report)

 Baseplate (default):
  --plugin FILE         register a Fastify plugin of your own, then --target its routes

 Your own service:
  --cmd "COMMAND"       start it with this command (node server.js, npm start, tsx src/app.ts);
                        the lab preloads its agent into it and stops its process group at the end
  --cwd DIR             where to run the command (default: here)
  --env KEY=VALUE       set an environment variable for it (repeatable)
  --base-url URL        where it answers (default: the address it listens on)`

const routePath = (path: string): string => {
  if (!path.startsWith('/')) throw new Error(`a route path starts with /, got "${path}"`)
  return path
}

function envPairs (pairs: string[] = []): Record<string, string> {
  return Object.fromEntries(pairs.map((pair) => {
    const at = pair.indexOf('=')
    if (at <= 0) throw new Error(`--env takes KEY=VALUE, got "${pair}"`)
    return [pair.slice(0, at), pair.slice(at + 1)]
  }))
}

export function planFromArgs (args: string[]): LabPlan {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      target: { type: 'string', multiple: true },
      compare: { type: 'boolean', default: false },
      shape: { type: 'string', default: 'quick' },
      threshold: { type: 'string' },
      bystander: { type: 'string' },
      plugin: { type: 'string', multiple: true },
      out: { type: 'string' },
      cmd: { type: 'string' },
      cwd: { type: 'string' },
      env: { type: 'string', multiple: true },
      'base-url': { type: 'string' }
    }
  })
  if (!['quick', 'seed', 'full'].includes(values.shape)) throw new Error(`--shape must be quick or seed, got "${values.shape}"`)
  const routeOnly = values.target !== undefined || values.compare
  if (values.cmd !== undefined && !routeOnly) throw new Error('with --cmd, name the routes to hunt on: --target PATH (or --compare A B)')
  if (values.cmd === undefined && (values.cwd !== undefined || values.env !== undefined || values['base-url'] !== undefined)) {
    throw new Error('--cwd, --env and --base-url go with --cmd')
  }
  if (values.cmd !== undefined && values.plugin !== undefined) throw new Error('--plugin is for Baseplate itself; with --cmd the service is yours')
  const scenario = getScenario(routeOnly ? 'sequential-awaits' : positionals[0] ?? 'sequential-awaits')
  const service: ServicePlan = values.cmd === undefined
    ? {
        kind: 'baseplate',
        env: {
          ...(routeOnly ? {} : scenario.serverEnv),
          ...(values.plugin === undefined ? {} : { PLUGINS: values.plugin.map((file) => resolve(file)).join(',') })
        }
      }
    : { kind: 'command', command: values.cmd, cwd: resolve(values.cwd ?? '.'), env: envPairs(values.env), ...(values['base-url'] === undefined ? {} : { baseUrl: new URL(values['base-url']).origin }) }
  const common = {
    shape: scenario.shapes[values.shape === 'quick' ? 'quick' : 'full'],
    shapeName: values.shape === 'quick' ? 'quick' : 'seed (the original k6 shape)',
    checks: scenario.checks,
    thresholds: values.threshold === undefined ? scenario.thresholds : { ...scenario.thresholds, http_req_duration: [values.threshold] },
    bystander: routePath(values.bystander ?? scenario.bystander),
    outDir: values.out ?? 'lab-report',
    service
  }
  if (values.compare) {
    const [a, b] = positionals
    if (a === undefined || b === undefined) throw new Error('--compare needs two route paths')
    return { ...common, title: `compare ${a} vs ${b}`, subjects: [{ role: 'slow', path: routePath(a), expect: 'fail' }, { role: 'fast', path: routePath(b), expect: 'pass' }] }
  }
  if (values.target !== undefined) {
    return { ...common, title: `target ${values.target.join(', ')}`, subjects: values.target.map((path) => ({ role: 'target', path: routePath(path) })) }
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
