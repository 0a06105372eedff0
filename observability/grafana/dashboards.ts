// Dashboards as code: a few helpers keep every panel consistent (datasource, units, layout),
// and `npm run dashboards` writes the JSON that Grafana provisions. A test checks that the
// committed JSON is what this file produces, and another runs every query against Prometheus.
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const datasource = { type: 'prometheus', uid: 'prometheus' }

interface Target { expr: string, legendFormat: string }
interface PanelOptions { unit?: string, thresholdMs?: number, width?: number, stack?: boolean }

let nextId = 1
let cursor = { x: 0, y: 0 }

function resetLayout (): void {
  nextId = 1
  cursor = { x: 0, y: 0 }
}

function place (width: number, height: number) {
  if (cursor.x + width > 24) cursor = { x: 0, y: cursor.y + height }
  const gridPos = { x: cursor.x, y: cursor.y, w: width, h: height }
  cursor.x += width
  return gridPos
}

function row (title: string) {
  if (cursor.x > 0) cursor = { x: 0, y: cursor.y + 8 }
  const panel = { id: nextId++, type: 'row', title, collapsed: false, gridPos: { x: 0, y: cursor.y, w: 24, h: 1 }, panels: [] }
  cursor = { x: 0, y: cursor.y + 1 }
  return panel
}

function timeseries (title: string, description: string, targets: Target[], options: PanelOptions = {}) {
  const thresholds = options.thresholdMs === undefined
    ? { mode: 'absolute', steps: [{ color: 'green', value: null }] }
    : { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: options.thresholdMs / 1000 }] }
  return {
    id: nextId++,
    type: 'timeseries',
    title,
    description,
    datasource,
    gridPos: place(options.width ?? 12, 8),
    fieldConfig: {
      defaults: {
        unit: options.unit ?? 'short',
        thresholds,
        custom: {
          drawStyle: 'line',
          lineWidth: 2,
          fillOpacity: options.stack === true ? 30 : 5,
          showPoints: 'never',
          stacking: { mode: options.stack === true ? 'normal' : 'none', group: 'A' },
          // The budget as a dashed red line, e.g. the 500 ms of p(95)<500.
          thresholdsStyle: { mode: options.thresholdMs === undefined ? 'off' : 'dashed' }
        }
      },
      overrides: []
    },
    options: { legend: { displayMode: 'table', placement: 'bottom', calcs: ['lastNotNull', 'max'] }, tooltip: { mode: 'multi', sort: 'desc' } },
    targets: targets.map((target, i) => ({ refId: String.fromCharCode(65 + i), datasource, editorMode: 'code', range: true, ...target }))
  }
}

function dashboard (uid: string, title: string, description: string, variables: object[], panels: object[]) {
  return {
    uid,
    title,
    description,
    tags: ['baseplate'],
    timezone: 'browser',
    schemaVersion: 39,
    version: 1,
    editable: true,
    refresh: '5s',
    time: { from: 'now-15m', to: 'now' },
    templating: { list: variables },
    annotations: { list: [] },
    panels
  }
}

function queryVariable (name: string, label: string, query: string) {
  return {
    name,
    label,
    type: 'query',
    datasource,
    query: { query, refId: `${name}-variable` },
    definition: query,
    refresh: 2,
    includeAll: true,
    multi: true,
    allValue: '.*',
    current: { selected: true, text: ['All'], value: ['$__all'] },
    sort: 1
  }
}

const route = 'route=~"$route"'
const test = 'testid=~"$testid"'

export function loadTestDashboard () {
  resetLayout()
  return dashboard('baseplate-load-test', 'Baseplate: load tests (k6 and the Node runner)',
    'Results pushed by k6 --out experimental-prometheus-rw or by npm run load -- --prometheus-rw. One series per test id.',
    [queryVariable('testid', 'test', 'label_values(k6_http_reqs_total, testid)')],
    [
      row('Latency against the budget'),
      timeseries('Request duration p95 (threshold p(95)<500)', 'k6 http_req_duration, 95th percentile since the start of the run. The dashed line is the threshold.', [
        { expr: `max by (testid) (k6_http_req_duration_p95{${test}})`, legendFormat: '{{testid}} p95' }
      ], { unit: 's', thresholdMs: 500, width: 12 }),
      timeseries('Request duration p50 / p99', 'Median and tail of http_req_duration.', [
        { expr: `max by (testid) (k6_http_req_duration_p50{${test}})`, legendFormat: '{{testid}} p50' },
        { expr: `max by (testid) (k6_http_req_duration_p99{${test}})`, legendFormat: '{{testid}} p99' }
      ], { unit: 's', thresholdMs: 500, width: 12 }),
      row('Load and outcome'),
      timeseries('Request rate', 'Completed requests per second (http_reqs).', [
        { expr: `sum by (testid) (rate(k6_http_reqs_total{${test}}[$__rate_interval]))`, legendFormat: '{{testid}}' }
      ], { unit: 'reqps', width: 8 }),
      timeseries('Virtual users', 'Active VUs following the stages.', [
        { expr: `max by (testid) (k6_vus{${test}})`, legendFormat: '{{testid}}' }
      ], { width: 8 }),
      timeseries('Checks and failures', 'Share of passed checks (status is 200, response time < 500ms) and of failed requests.', [
        { expr: `max by (testid) (k6_checks_rate{${test}})`, legendFormat: '{{testid}} checks passed' },
        { expr: `max by (testid) (k6_http_req_failed_rate{${test}})`, legendFormat: '{{testid}} requests failed' }
      ], { unit: 'percentunit', width: 8 })
    ])
}

export function appDashboard () {
  resetLayout()
  return dashboard('baseplate-app', 'Baseplate: API (RED, per-request work, runtime)',
    'What the API itself reports on /metrics: per-route rate, errors and duration, what each request spends its time on, and the Node.js runtime.',
    [queryVariable('route', 'route', 'label_values(http_requests_total, route)')],
    [
      row('RED per route'),
      timeseries('Requests per second', 'By route template and status code.', [
        { expr: `sum by (method, route, status_code) (rate(http_requests_total{${route}}[$__rate_interval]))`, legendFormat: '{{method}} {{route}} {{status_code}}' }
      ], { unit: 'reqps', width: 8 }),
      timeseries('Error ratio (5xx)', 'Share of responses with a 5xx status (recording rule).', [
        { expr: `route:http_request_errors:ratio_rate1m{${route}}`, legendFormat: '{{method}} {{route}}' }
      ], { unit: 'percentunit', width: 8 }),
      timeseries('In-flight requests', 'Requests being served right now.', [
        { expr: 'http_requests_in_flight', legendFormat: 'in flight' }
      ], { width: 8 }),
      timeseries('Duration p95 (budget 500 ms)', 'Per route, from the request duration histogram (recording rule).', [
        { expr: `route:http_request_duration_seconds:p95_1m{${route}}`, legendFormat: '{{method}} {{route}}' }
      ], { unit: 's', thresholdMs: 500, width: 12 }),
      timeseries('Duration p50 / p99', 'Per route.', [
        { expr: `route:http_request_duration_seconds:p50_1m{${route}}`, legendFormat: 'p50 {{method}} {{route}}' },
        { expr: `route:http_request_duration_seconds:p99_1m{${route}}`, legendFormat: 'p99 {{method}} {{route}}' }
      ], { unit: 's', width: 12 }),
      row('What a request spends its time on'),
      timeseries('DB queries per request', 'Average SQL statements per request: an N+1 shows as a number that grows with the data.', [
        { expr: `route:http_request_db_queries:avg1m{${route}}`, legendFormat: '{{method}} {{route}}' }
      ], { width: 8 }),
      timeseries('Outbound calls per request', 'Average outbound calls (simulated and fetch/undici) per request.', [
        { expr: `route:http_request_outbound_calls:avg1m{${route}}`, legendFormat: '{{method}} {{route}}' }
      ], { width: 8 }),
      timeseries('Event loop stalled per request', 'Average time the event loop was stuck while a request was open.', [
        { expr: `route:http_request_event_loop_blocked_seconds:avg1m{${route}}`, legendFormat: '{{method}} {{route}}' }
      ], { unit: 's', width: 8 }),
      timeseries('DB statement duration p95', 'By statement kind, including any DB_LATENCY_MS round trip.', [
        { expr: 'histogram_quantile(0.95, sum by (le, kind) (rate(db_query_duration_seconds_bucket[$__rate_interval])))', legendFormat: '{{kind}}' }
      ], { unit: 's', width: 8 }),
      timeseries('DB statements per second', 'By statement kind.', [
        { expr: 'sum by (kind) (rate(db_query_duration_seconds_count[$__rate_interval]))', legendFormat: '{{kind}}' }
      ], { unit: 'ops', width: 8 }),
      timeseries('Outbound calls', 'Calls per second and p95 duration by target.', [
        { expr: 'sum by (target) (rate(outbound_call_duration_seconds_count[$__rate_interval]))', legendFormat: '{{target}} calls/s' },
        { expr: 'histogram_quantile(0.95, sum by (le, target) (rate(outbound_call_duration_seconds_bucket[$__rate_interval])))', legendFormat: '{{target}} p95 (s)' }
      ], { width: 8 }),
      row('Node.js runtime'),
      timeseries('Event loop delay', 'p50 and p99 of the event loop delay (perf_hooks monitorEventLoopDelay).', [
        { expr: 'nodejs_eventloop_lag_p50_seconds', legendFormat: 'p50' },
        { expr: 'nodejs_eventloop_lag_p99_seconds', legendFormat: 'p99' }
      ], { unit: 's', width: 8 }),
      timeseries('Event loop utilisation', 'Share of time the loop was busy between scrapes.', [
        { expr: 'nodejs_eventloop_utilization_ratio', legendFormat: 'utilisation' }
      ], { unit: 'percentunit', width: 8 }),
      timeseries('Garbage collection', 'Seconds per second spent in GC, by kind.', [
        { expr: 'sum by (kind) (rate(nodejs_gc_duration_seconds_sum[$__rate_interval]))', legendFormat: '{{kind}}' }
      ], { unit: 's', width: 8, stack: true }),
      timeseries('Heap', 'V8 heap used and total.', [
        { expr: 'nodejs_heap_size_used_bytes', legendFormat: 'used' },
        { expr: 'nodejs_heap_size_total_bytes', legendFormat: 'total' }
      ], { unit: 'bytes', width: 12 }),
      timeseries('CPU', 'Process CPU seconds per second (1 = one core).', [
        { expr: 'rate(process_cpu_seconds_total[$__rate_interval])', legendFormat: 'cpu' }
      ], { unit: 'percentunit', width: 12 })
    ])
}

export const dashboards = {
  'load-test.json': loadTestDashboard,
  'app.json': appDashboard
}

export const dashboardsDir = new URL('./dashboards/', import.meta.url)

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, build] of Object.entries(dashboards)) {
    writeFileSync(new URL(file, dashboardsDir), `${JSON.stringify(build(), null, 2)}\n`)
    console.log(`wrote observability/grafana/dashboards/${file}`)
  }
}
