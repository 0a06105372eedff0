import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { scenarios } from '../src/scenarios/catalogue.ts'
import type { LabResult } from '../src/lab/lab-result.ts'
import { runLab } from '../src/lab/run.ts'
import { silentProgress } from '../src/runner/progress.ts'

// The lab on Baseplate's original scenario, end to end: v1 fails and is explained, v2 passes,
// and the HTML report draws every chart in headless Chromium, offline and without errors.
const lineOf = (source: string, marker: string): number => source.split('\n').findIndex((line) => line.includes(marker)) + 1

describe('npm run lab', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-lab-test-'))
  const outDir = join(dir, 'report')
  let result: LabResult

  before(async () => {
    const scenario = scenarios['sequential-awaits']
    result = await runLab({
      title: 'lab test',
      subjects: [
        { role: 'slow', path: scenario.slow, expect: 'fail' },
        { role: 'fast', path: scenario.fast, expect: 'pass' }
      ],
      shape: { stages: [{ duration: '500ms', target: 4 }, { duration: '1500ms', target: 4 }], thinkTimeSeconds: 0.05, gracefulStopSeconds: 3 },
      shapeName: 'test',
      checks: scenario.checks,
      thresholds: scenario.thresholds,
      bystander: '/',
      service: { kind: 'baseplate', env: { SLOW_CALL_MS: '8' } },
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

  it('writes the JSON results with what the agent measured', () => {
    const saved = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as LabResult
    assert.equal(saved.subjects.length, 2)
    const slow = saved.subjects[0]!
    assert.equal(slow.measured.calls[0]?.target, 'post-enrichment')
    assert.ok(slow.measured.timeline !== undefined && slow.measured.timeline.events.length > 100)
    assert.ok(slow.cpu.flame.children.length > 0)
    const parts = slow.perRequest
    assert.ok(Math.abs(parts.cpu + parts.sql + parts.outbound + parts.wait - parts.wall) < 0.01, 'the parts add up to the whole')
    assert.match(saved.service, /Baseplate on a fresh embedded SQLite database/)
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
    for (const id of ['timeline', 'distribution', 'breakdown', 'waterfall-0', 'flame-0', 'flame-1', 'flame-diff']) {
      const drawn = Number(await page.locator(`#${id}`).getAttribute('data-drawn'))
      assert.ok(drawn > 0, `chart ${id} drew nothing`)
      assert.ok(await page.locator(`#${id} path, #${id} rect`).count() > 0)
    }
    assert.match(await page.locator('.diagnosis.slow .verdict-line').innerText(), /^sequential outbound calls/)
    assert.match(await page.locator('.diagnosis.slow table.source tr.hit').innerText(), /await simulatedRemoteCall\(/)
    assert.deepEqual(problems, [])
  })
})
