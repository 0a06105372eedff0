import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { dashboards } from '../observability/grafana/dashboards.ts'
import { scenarios } from '../src/scenarios/catalogue.ts'
import { runLoad } from '../src/runner/run.ts'
import { startServerProcess, type ServerProcess } from '../src/harness/server-process.ts'

const prometheusBin = process.env.PROMETHEUS_PATH ?? '/usr/bin/prometheus'
const available = existsSync(prometheusBin)
if (!available && process.env.CI !== undefined) throw new Error(`Prometheus is required in CI (${prometheusBin})`)

async function freePort (): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

interface Panel { title: string, targets?: Array<{ expr: string }>, panels?: Panel[] }
interface Dashboard { title: string, panels: Panel[], templating: { list: Array<{ name: string, query: { query: string } }> } }

/** Every PromQL expression of the dashboards (panels and variables) and of the rule files. */
function expressions (): Array<{ where: string, expr: string }> {
  const found: Array<{ where: string, expr: string }> = []
  for (const file of Object.keys(dashboards)) {
    const board = JSON.parse(readFileSync(join('observability/grafana/dashboards', file), 'utf8')) as Dashboard
    const walk = (panels: Panel[]): void => {
      for (const panel of panels) {
        for (const target of panel.targets ?? []) found.push({ where: `${board.title} / ${panel.title}`, expr: target.expr })
        walk(panel.panels ?? [])
      }
    }
    walk(board.panels)
    for (const variable of board.templating.list) {
      // label_values(metric, label) is Grafana's; the PromQL it stands for:
      const match = /^label_values\((.+),\s*(\w+)\)$/.exec(variable.query.query)
      assert.ok(match, `unexpected variable query ${variable.query.query}`)
      found.push({ where: `${board.title} / $${variable.name}`, expr: `count by (${match[2]}) (${match[1]})` })
    }
  }
  for (const file of readdirSync('observability/prometheus/rules')) {
    const text = readFileSync(join('observability/prometheus/rules', file), 'utf8')
    // A small reader for our rule files: "expr:" either inline or as a "|" block.
    const lines = text.split('\n')
    lines.forEach((line, i) => {
      const m = /^(\s*)(- record|- alert| {2}alert|record|alert): (\S+)/.exec(line)
      if (m === null) return
      const exprLine = lines.slice(i + 1).find((l) => l.trim().startsWith('expr:'))!
      let expr = exprLine.trim().slice('expr:'.length).trim()
      if (expr === '|') {
        const start = lines.indexOf(exprLine) + 1
        const indent = /^\s*/.exec(lines[start]!)![0].length
        const block = []
        for (let j = start; j < lines.length && (lines[j]!.trim() === '' || /^\s*/.exec(lines[j]!)![0].length >= indent); j++) block.push(lines[j]!.trim())
        expr = block.join(' ').trim()
      }
      found.push({ where: `${file} / ${m[3]}`, expr })
    })
  }
  return found
}

const grafanaVariables = (expr: string): string => expr
  .replaceAll('$__rate_interval', '1m')
  .replaceAll('$route', '.*')
  .replaceAll('$testid', '.*')

describe('dashboards and rules against a real Prometheus', { skip: !available && `no Prometheus at ${prometheusBin}`, timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-prometheus-'))
  let app: ServerProcess
  let prometheus: ChildProcess
  let prometheusUrl = ''

  async function query (expr: string): Promise<{ status: string, error?: string, data?: { result: Array<{ metric: Record<string, string>, value: [number, string] }> } }> {
    const res = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(expr)}`)
    return res.json() as Promise<{ status: string }>
  }

  /** The check applied to every expression: it must succeed and return at least one series. */
  async function problemWith (expr: string): Promise<string | undefined> {
    const answer = await query(grafanaVariables(expr))
    if (answer.status !== 'success') return `error: ${answer.error}`
    if ((answer.data?.result.length ?? 0) === 0) return 'no data'
    return undefined
  }

  before(async () => {
    app = await startServerProcess({ SEED_COUNT: '20', SLOW_CALL_MS: '30' })
    const appPort = new URL(app.baseUrl).port
    const config = readFileSync('observability/prometheus/prometheus.yml', 'utf8')
      .replace("targets: ['app:8000']", `targets: ['127.0.0.1:${appPort}']`)
      .replace('scrape_interval: 5s', 'scrape_interval: 1s')
      .replace('evaluation_interval: 5s', 'evaluation_interval: 1s')
      .replace('- rules/*.yml', `- ${resolve('observability/prometheus/rules')}/*.yml`)
    assert.match(config, new RegExp(`127.0.0.1:${appPort}`))
    writeFileSync(join(dir, 'prometheus.yml'), config)
    const port = await freePort()
    prometheusUrl = `http://127.0.0.1:${port}`
    prometheus = spawn(prometheusBin, [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver'
    ], { stdio: 'ignore' })
    for (let i = 0; (await fetch(`${prometheusUrl}/-/ready`).then((r) => r.ok, () => false)) === false; i++) {
      if (i > 100) throw new Error('Prometheus did not become ready')
      await sleep(100)
    }
    // Prometheus hands targets to its scrapers a few seconds after start: wait for the first scrape.
    for (let i = 0; await problemWith('up{job="baseplate"} == 1') !== undefined; i++) {
      if (i > 150) throw new Error('Prometheus never scraped the app')
      await sleep(100)
    }
    // A short run against each route of the original scenario, with remote write like k6's.
    const scenario = scenarios['sequential-awaits']
    const shape = { stages: [{ duration: '1s', target: 4 }, { duration: '3s', target: 4 }], thinkTimeSeconds: 0.1, gracefulStopSeconds: 3 }
    for (const variant of ['slow', 'fast'] as const) {
      await runLoad({
        label: variant,
        baseUrl: app.baseUrl,
        path: scenario[variant],
        shape,
        checks: scenario.checks,
        thresholds: scenario.thresholds,
        remoteWrite: { url: `${prometheusUrl}/api/v1/write`, labels: { testid: `prometheus-test/${variant}`, name: scenario[variant], method: 'GET' } }
      })
    }
    // Let Prometheus scrape the last requests and evaluate the rules on them.
    for (let i = 0; i < 50 && await problemWith('route:http_request_duration_seconds:p95_1m') !== undefined; i++) await sleep(200)
    await sleep(2000)
  })

  after(async () => {
    prometheus?.kill('SIGTERM')
    await app?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('loads the repository config and rules (promtool)', () => {
    const promtool = prometheusBin.replace(/prometheus$/, 'promtool')
    for (const args of [['check', 'config', 'observability/prometheus/prometheus.yml'], ['check', 'rules', 'observability/prometheus/rules/baseplate.yml'], ['test', 'rules', 'observability/prometheus/tests/latency-alert.test.yml']]) {
      const result = spawnSync(promtool, args, { encoding: 'utf8' })
      assert.equal(result.status, 0, `promtool ${args.join(' ')}\n${result.stdout}${result.stderr}`)
    }
  })

  it('answers every dashboard panel, variable and recording rule with data', async (t) => {
    const all = expressions()
    assert.ok(all.length >= 30, `only ${all.length} expressions found`)
    const problems = []
    for (const { where, expr } of all) {
      const problem = await problemWith(expr)
      if (problem !== undefined) problems.push(`${where}: ${problem}\n    ${expr}`)
    }
    t.diagnostic(`${all.length} expressions checked`)
    assert.deepEqual(problems, [])
  })

  it('would catch a panel that names a metric the app does not export', async () => {
    assert.equal(await problemWith('sum by (route) (rate(http_request_duration_seconds_bucket_typo[$__rate_interval]))'), 'no data')
    assert.match(await problemWith('sum by (route) (rate(http_requests_total[$__rate_interval])') ?? '', /^error: /)
  })

  it('shows the slow route over the 500 ms budget and the fast one under it', async (t) => {
    const answer = await query('route:http_request_duration_seconds:p95_1m')
    const p95 = Object.fromEntries(answer.data!.result.map((r) => [r.metric.route!, Number(r.value[1])]))
    t.diagnostic(`p95 by route: ${JSON.stringify(p95)}`)
    assert.ok(p95['/api/posts/v1/slow']! > 0.5)
    assert.ok(p95['/api/posts/v2/fast']! < 0.5)
    // The alert needs 1 minute above budget to fire; within the test it is pending, for v1 only.
    const alert = await query('ALERTS{alertname="RouteLatencyP95High"}')
    assert.deepEqual([...new Set(alert.data!.result.map((r) => r.metric.route))], ['/api/posts/v1/slow'])
  })

  it('holds the Node runner results under k6 metric names', async () => {
    const answer = await query('k6_http_req_duration_p95{testid=~"prometheus-test/.*"}')
    const byTest = Object.fromEntries(answer.data!.result.map((r) => [r.metric.testid!, Number(r.value[1])]))
    assert.ok(byTest['prometheus-test/slow']! > 0.5)
    assert.ok(byTest['prometheus-test/fast']! < 0.5)
  })
})
