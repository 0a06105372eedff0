import { describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { builtinModules } from 'node:module'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const dockerfile = readFileSync('Dockerfile', 'utf8')
const stages = dockerfile.split(/^FROM /m).slice(1)
const runtime = stages.at(-1) ?? ''

describe('Dockerfile (validated statically: no Docker engine here)', () => {
  it('builds in one stage and runs from another', () => {
    assert.ok(stages.length >= 2)
    for (const stage of stages) assert.match(stage, /^node:24-bookworm-slim AS /, 'Node 24 is the active LTS')
    assert.match(runtime, /^node:24-bookworm-slim AS runtime/)
  })

  it('ships production dependencies only, runs as a non-root user, and has a health check', () => {
    assert.match(dockerfile, /npm prune --omit=dev/)
    assert.match(runtime, /COPY --from=build --chown=node:node \/app\/node_modules/)
    assert.match(runtime, /^USER node$/m)
    assert.match(runtime, /^HEALTHCHECK /m)
    assert.doesNotMatch(runtime, /npm (ci|install)/)
  })

  describe('npm run build', () => {
    const out = mkdtempSync(join(tmpdir(), 'baseplate-build-'))
    const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json', '--outDir', out], { encoding: 'utf8' })
    const files = build.status === 0 ? readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js')) : []
    process.on('exit', () => rmSync(out, { recursive: true, force: true }))

    it('compiles without errors', () => {
      assert.equal(build.status, 0, build.stdout)
    })

    it('produces the file the image starts', () => {
      const cmd = /^CMD \[(.+)\]$/m.exec(runtime)?.[1] ?? ''
      const entry = JSON.parse(`[${cmd}]`).at(-1) as string
      assert.ok(existsSync(join(out, entry.replace(/^dist\//, ''))), `${entry} is not produced by the build`)
      const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
      assert.match(manifest.scripts['start:prod'] ?? '', new RegExp(`node .*${entry.replace(/\./g, '\\.')}$`))
    })

    it('compiles the API only: no tool code, and every package it imports is a production dependency', () => {
      assert.ok(files.length > 0)
      const tools = files.filter((file) => /(^|\/)(runner|harness|lab|agent|cli|soak)\//.test(file))
      assert.deepEqual(tools, [], 'the build compiles tool code')
      const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>, devDependencies: Record<string, string> }
      const imported = new Set<string>()
      for (const file of files) {
        const source = readFileSync(join(out, file), 'utf8')
        for (const [, specifier] of source.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
          if (specifier === undefined || specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue
          imported.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!)
        }
      }
      assert.ok(imported.has('fastify') && imported.has('kysely'), [...imported].join(', '))
      const missing = [...imported].filter((name) => manifest.dependencies[name] === undefined)
      assert.deepEqual(missing, [], 'imported by the API but not in "dependencies"')
      const toolsInImage = ['autocannon', 'hdr-histogram-js', 'prometheus-remote-write', 'undici', 'tsx', '@datadog/pprof', 'esbuild', 'require-in-the-middle']
        .filter((name) => manifest.dependencies[name] !== undefined)
      assert.deepEqual(toolsInImage, [], 'tool packages must be devDependencies: npm prune --omit=dev keeps them out of the image')
    })
  })
})

describe('docker-compose.yml', () => {
  const compose = readFileSync('docker-compose.yml', 'utf8')
  const config = (...args: string[]) => spawnSync('docker-compose', ['-f', 'docker-compose.yml', '--profile', 'k6', 'config', ...args], { encoding: 'utf8' })
  const skipWithoutCompose = (t: TestContext, check: SpawnSyncReturns<string>): boolean => {
    if (check.error === undefined) return false
    if (process.env.CI !== undefined) assert.fail('docker-compose is required in CI')
    t.skip('docker-compose is not installed')
    return true
  }

  it('validates with docker-compose config', (t) => {
    const check = config('--services')
    if (skipWithoutCompose(t, check)) return
    assert.equal(check.status, 0, check.stderr)
    assert.deepEqual(check.stdout.trim().split('\n').sort(), ['app', 'grafana', 'k6', 'postgres', 'prometheus'])
  })

  it('runs the app on PostgreSQL: started once healthy, data in a named volume, password overridable', (t) => {
    const check = config()
    if (skipWithoutCompose(t, check)) return
    assert.equal(check.status, 0, check.stderr)
    const service = (name: string): string => new RegExp(`^  ${name}:\n((?:    .*\n|\n)*)`, 'm').exec(check.stdout)?.[1] ?? ''
    const app = service('app')
    const postgres = service('postgres')
    assert.match(app, /DATABASE_URL: postgres:\/\/baseplate:baseplate@postgres:5432\/baseplate\n/)
    assert.match(app, /depends_on:\n\s+postgres:\n\s+condition: service_healthy\n/)
    assert.match(postgres, /image: postgres:18\n/)
    assert.match(postgres, /test:\n\s+- CMD-SHELL\n\s+- pg_isready -U baseplate -d baseplate\n/)
    assert.match(postgres, /- postgres-data:\/var\/lib\/postgresql:rw\n/)
    assert.match(check.stdout, /^volumes:\n(?: {2}.*\n)* {2}postgres-data: \{\}\n/m)
    const secret = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { encoding: 'utf8', env: { ...process.env, POSTGRES_PASSWORD: 's3cret' } })
    assert.match(secret.stdout, /DATABASE_URL: postgres:\/\/baseplate:s3cret@postgres:5432\/baseplate\n/)
    assert.match(secret.stdout, /POSTGRES_PASSWORD: s3cret\n/)
  })

  it('publishes the app on 8000, Prometheus on 9090 and Grafana on 3000 (admin/admin), on loopback', () => {
    for (const port of ['8000', '9090', '3000']) assert.match(compose, new RegExp(`"127\\.0\\.0\\.1:${port}:${port}"`))
    assert.match(compose, /GF_SECURITY_ADMIN_USER: admin/)
    assert.match(compose, /GF_SECURITY_ADMIN_PASSWORD: admin/)
  })

  it('pins the current majors: Prometheus 3, Grafana 12, k6 1 (which runs the TypeScript scripts as they are)', () => {
    assert.match(compose, /image: prom\/prometheus:v3\.\d+\.\d+\n/)
    assert.match(compose, /image: grafana\/grafana:12\.\d+\.\d+\n/)
    assert.match(compose, /image: grafana\/k6:1\.\d+\.\d+\n/)
  })

  it('lets Prometheus receive remote write and keeps k6 behind a profile', () => {
    assert.match(compose, /--web\.enable-remote-write-receiver/)
    assert.match(compose, /profiles: \["k6"\]/)
    assert.match(compose, /K6_PROMETHEUS_RW_SERVER_URL: http:\/\/prometheus:9090\/api\/v1\/write/)
  })
})
