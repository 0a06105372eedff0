import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { dashboards } from '../observability/grafana/dashboards.ts'

interface Panel { type: string, title: string, datasource?: { uid: string }, targets?: Array<{ expr: string }>, fieldConfig?: { defaults: { unit: string, thresholds: { steps: Array<{ value: number | null }> } } } }

describe('Grafana dashboards', () => {
  for (const [file, build] of Object.entries(dashboards)) {
    it(`${file} is what observability/grafana/dashboards.ts generates (run npm run dashboards)`, () => {
      const committed = JSON.parse(readFileSync(join('observability/grafana/dashboards', file), 'utf8'))
      assert.deepEqual(committed, JSON.parse(JSON.stringify(build())))
    })

    it(`${file}: every panel queries the provisioned Prometheus datasource`, () => {
      const { panels } = build() as { panels: Panel[] }
      for (const panel of panels.filter((p) => p.type !== 'row')) {
        assert.equal(panel.datasource?.uid, 'prometheus', panel.title)
        assert.ok((panel.targets?.length ?? 0) > 0, panel.title)
      }
    })
  }

  it('draws the 500 ms budget on the load-test latency panel', () => {
    const { panels } = dashboards['load-test.json']() as { panels: Panel[] }
    const p95 = panels.find((p) => p.title.startsWith('Request duration p95'))!
    assert.equal(p95.fieldConfig?.defaults.unit, 's')
    assert.deepEqual(p95.fieldConfig?.defaults.thresholds.steps.map((s) => s.value), [null, 0.5])
    assert.match(p95.targets![0]!.expr, /k6_http_req_duration_p95/)
  })

  it('provisioning points Grafana at the datasource uid and the dashboards folder that compose mounts', () => {
    const datasource = readFileSync('observability/grafana/provisioning/datasources/prometheus.yml', 'utf8')
    const provider = readFileSync('observability/grafana/provisioning/dashboards/baseplate.yml', 'utf8')
    const compose = readFileSync('docker-compose.yml', 'utf8')
    assert.match(datasource, /uid: prometheus/)
    assert.match(datasource, /url: http:\/\/prometheus:9090/)
    assert.match(provider, /path: \/var\/lib\/grafana\/dashboards/)
    assert.match(compose, /\.\/observability\/grafana\/dashboards:\/var\/lib\/grafana\/dashboards:ro/)
    assert.match(compose, /\.\/observability\/grafana\/provisioning:\/etc\/grafana\/provisioning:ro/)
  })
})
