import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

const tsc = resolve('node_modules/typescript/bin/tsc')

function typecheck (files: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'k6-tsc-'))
  try {
    const config = join(dir, 'tsconfig.json')
    writeFileSync(config, JSON.stringify({
      extends: resolve('load/k6/tsconfig.json'),
      compilerOptions: { typeRoots: [resolve('node_modules/@types')] },
      include: [],
      files: files.map((f) => resolve(f))
    }))
    return spawnSync(process.execPath, [tsc, '-p', config], { encoding: 'utf8' })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('k6 scripts type-check against @types/k6', () => {
  it('accepts the shipped scripts', () => {
    const result = typecheck(['load/k6/sequential-awaits-slow.ts', 'load/k6/sequential-awaits-fast.ts', 'load/k6/scenario.ts'])
    assert.equal(result.status, 0, result.stdout)
  })

  it('rejects a wrong k6 API call', () => {
    const result = typecheck(['test/fixtures/k6-wrong-call.ts'])
    assert.notEqual(result.status, 0)
    assert.match(result.stdout, /Property 'gett' does not exist/)
    assert.match(result.stdout, /'string' is not assignable to parameter of type 'number'/)
  })
})
