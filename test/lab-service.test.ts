// The lab on services that are not Baseplate, started by their own command with no change to
// their code: plain node:http (ESM, no dependencies), Express with better-sqlite3 used directly
// (CommonJS, through `npm start`), and a TypeScript service run by tsx. Each route's cause and
// exact line, marked `CULPRIT <route>` in the fixture, and no process left behind.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Cause } from '../src/lab/diagnosis.ts'
import { planFromArgs } from '../src/lab/plan.ts'
import { runLab } from '../src/lab/run.ts'
import { silentProgress } from '../src/runner/progress.ts'

const fixtures = resolve('test/fixtures/services')

interface Case { name: string, file: string, args: string[], expected: Record<string, Cause> }

const cases: Case[] = [
  {
    name: 'plain node:http service (ESM, no dependencies)',
    file: 'plain-http/server.mjs',
    args: ['--cmd', 'node server.mjs', '--cwd', join(fixtures, 'plain-http'), '--env', 'PORT=0'],
    expected: { '/checksum': 'event-loop-blocked', '/profile': 'sequential-outbound', '/report': 'requests-wait-for-each-other' }
  },
  {
    name: 'Express service on better-sqlite3 (CommonJS, npm start)',
    file: 'express-sqlite/server.js',
    args: ['--cmd', 'npm start', '--cwd', join(fixtures, 'express-sqlite'), '--env', 'PORT=0'],
    expected: { '/orders': 'n-plus-one', '/customers/lookup': 'slow-query' }
  },
  {
    name: 'TypeScript service run by tsx, at a given --base-url',
    file: 'ts-tsx/server.ts',
    args: ['--cmd', `${resolve('node_modules/.bin/tsx')} server.ts`, '--cwd', join(fixtures, 'ts-tsx'), '--env', 'PORT=39517', '--base-url', 'http://127.0.0.1:39517'],
    expected: { '/nearest': 'event-loop-blocked' }
  }
]

/** Processes still running from a fixture's folder (none may be left). */
function survivors (dir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).split('\n').filter((line) => line.includes(dir) && !line.includes('node --test') && !line.includes(' ps '))
}

describe('npm run lab -- --cmd: the lab on your own service', { timeout: 300_000 }, () => {
  for (const { name, file, args, expected } of cases) {
    it(name, async (t) => {
      const outDir = mkdtempSync(join(tmpdir(), 'baseplate-lab-service-'))
      t.after(() => rmSync(outDir, { recursive: true, force: true }))
      const plan = planFromArgs([...args, ...Object.keys(expected).flatMap((path) => ['--target', path]), '--out', outDir])
      const result = await runLab(plan, () => {}, silentProgress)
      const source = readFileSync(join(fixtures, file), 'utf8').split('\n')
      for (const [path, cause] of Object.entries(expected)) {
        const subject = result.subjects.find((s) => s.path === path)!
        const line = source.findIndex((text) => text.endsWith(`// CULPRIT ${path}`)) + 1
        t.diagnostic(`${path}: ${subject.diagnosis.verdict} → ${subject.diagnosis.culprit}`)
        assert.equal(subject.diagnosis.cause, cause, subject.diagnosis.verdict)
        assert.equal(subject.diagnosis.culprit, `${file.split('/').pop()}:${line}`, subject.diagnosis.verdict)
      }
      assert.match(result.service, /^`.+` in /)
      assert.deepEqual(survivors(join(fixtures, file.split('/')[0]!)), [], 'processes left running')
    })
  }
})
