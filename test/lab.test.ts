import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium } from 'playwright-core'
import { scenarios } from '../src/scenarios/catalogue.ts'
import type { LabResult } from '../src/lab/lab-result.ts'
import { runLab } from '../src/lab/run.ts'
import { silentProgress } from '../src/runner/progress.ts'

// Bottlenecks planted in code outside this repository: the diagnosis must find them from
// measurements alone. Each culprit line is marked so the test can find its number.
const planted = `
import { pbkdf2Sync } from 'node:crypto'

function deriveKey (password: string) {
  return pbkdf2Sync(password, 'salt', 30_000, 32, 'sha256') // CULPRIT cpu
}

export default async function planted (app: any) {
  app.get('/planted/cpu', async () => ({ key: deriveKey('secret').toString('hex') }))

  app.get('/planted/queries', async () => {
    const titles = []
    for (let id = 1; id <= 30; id++) {
      const post = await app.db.selectFrom('posts').select('title').where('id', '=', id).executeTakeFirst() // CULPRIT queries
      titles.push(post.title)
    }
    return { titles }
  })

  app.get('/planted/calls', async () => {
    const { port } = app.server.address()
    let bytes = 0
    for (let i = 0; i < 6; i++) {
      bytes += (await (await fetch('http://127.0.0.1:' + port + '/api/posts/1')).text()).length // CULPRIT calls
    }
    return { bytes }
  })
}
`

const lineOf = (source: string, marker: string): number => source.split('\n').findIndex((line) => line.includes(marker)) + 1

describe('npm run lab', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-lab-test-'))
  const pluginFile = join(dir, 'planted.ts')
  const outDir = join(dir, 'report')
  let result: LabResult

  before(async () => {
    writeFileSync(pluginFile, planted)
    const scenario = scenarios['sequential-awaits']
    result = await runLab({
      title: 'lab test',
      subjects: [
        { role: 'slow', path: scenario.slow, expect: 'fail' },
        { role: 'fast', path: scenario.fast, expect: 'pass' },
        { role: 'target', path: '/planted/cpu' },
        { role: 'target', path: '/planted/queries' },
        { role: 'target', path: '/planted/calls' }
      ],
      shape: { stages: [{ duration: '500ms', target: 4 }, { duration: '1500ms', target: 4 }], thinkTimeSeconds: 0.05, gracefulStopSeconds: 3 },
      shapeName: 'test',
      checks: scenario.checks,
      thresholds: scenario.thresholds,
      bystander: '/',
      serverEnv: { SLOW_CALL_MS: '8', DB_LATENCY_MS: '2', PLUGINS: pluginFile },
      outDir
    }, () => {}, silentProgress)
  })
  after(() => { if (process.env.KEEP_LAB === undefined) rmSync(dir, { recursive: true, force: true }) })

  const subject = (path: string) => result.subjects.find((s) => s.path === path)!

  it('fails the slow route and passes the fast one, as expected', () => {
    assert.equal(subject('/api/posts/v1/slow').load.passed, false)
    assert.equal(subject('/api/posts/v2/fast').load.passed, true)
    assert.equal(subject('/api/posts/v1/slow').asExpected && subject('/api/posts/v2/fast').asExpected, true)
  })

  it('names sequential outbound calls on v1 and the line that awaits them', () => {
    const d = subject('/api/posts/v1/slow').diagnosis
    assert.equal(d.cause, 'sequential-outbound')
    assert.match(d.verdict, /^sequential outbound calls: 100 per request × /)
    const source = readFileSync('src/scenarios/sequential-awaits/sequential-awaits.routes.ts', 'utf8')
    assert.equal(d.culprit, `src/scenarios/sequential-awaits/sequential-awaits.routes.ts:${lineOf(source, 'await simulatedRemoteCall(')}`)
  })

  it('finds no dominant bottleneck on v2', () => {
    assert.equal(subject('/api/posts/v2/fast').diagnosis.cause, 'none')
  })

  it('finds synchronous CPU work planted outside the repository', () => {
    const s = subject('/planted/cpu')
    assert.equal(s.diagnosis.cause, 'event-loop-blocked')
    assert.ok(s.diagnosis.culprit?.startsWith(resolve(pluginFile)), s.diagnosis.culprit)
    assert.ok(s.profile.topOwn[0]?.via?.startsWith('pbkdf2Sync'), JSON.stringify(s.profile.topOwn[0]))
  })

  it('finds planted N+1 queries and the line that issues them', () => {
    const d = subject('/planted/queries').diagnosis
    assert.equal(d.cause, 'n-plus-one')
    assert.equal(d.culprit, `${resolve(pluginFile)}:${lineOf(planted, 'CULPRIT queries')}`)
  })

  it('finds planted sequential HTTP calls made with fetch', () => {
    const d = subject('/planted/calls').diagnosis
    assert.equal(d.cause, 'sequential-outbound')
    assert.equal(d.culprit, `${resolve(pluginFile)}:${lineOf(planted, 'CULPRIT calls')}`)
  })

  it('writes the JSON results and one .cpuprofile per route', () => {
    const saved = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as LabResult
    assert.equal(saved.subjects.length, 5)
    for (const s of saved.subjects) {
      const profile = JSON.parse(readFileSync(join(outDir, s.profileFile), 'utf8')) as { nodes: unknown[], samples: unknown[] }
      assert.ok(profile.nodes.length > 0 && profile.samples.length > 0)
    }
  })

  it('renders an HTML report whose charts draw in headless Chromium without errors', async (t) => {
    const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
    if (!existsSync(executablePath)) {
      if (process.env.CI !== undefined) assert.fail(`Chromium is required in CI (${executablePath})`)
      return t.skip(`no Chromium at ${executablePath}`)
    }
    const browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update']
    })
    t.after(() => browser.close())
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()) })
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('request', (request) => { if (!request.url().startsWith('file:')) problems.push(`network request ${request.url()}`) })
    await page.goto(`file://${join(outDir, 'index.html')}`)
    assert.equal(await page.locator('body').getAttribute('data-charts-drawn'), 'true')
    for (const id of ['timeline', 'distribution', 'breakdown']) {
      const drawn = Number(await page.locator(`#${id}`).getAttribute('data-drawn'))
      assert.ok(drawn > 0, `chart ${id} drew nothing`)
      assert.ok(await page.locator(`#${id} path, #${id} rect`).count() > 0)
    }
    assert.match(await page.locator('.diagnosis.slow .verdict-line').innerText(), /^sequential outbound calls/)
    assert.deepEqual(problems, [])
  })
})
