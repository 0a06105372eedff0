// The structure stays as the README describes it: no import loops between source files, and
// every scenario folder is in the catalogue.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { scenarioNames } from '../src/scenarios/catalogue.ts'

function sourceFiles (dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : []
  })
}

/** Relative imports of a file (type-only ones too: a loop of types is still a loop to a reader). */
function importsOf (file: string): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'|import\('(\.[^']+)'\)/g)]
    .map((match) => resolve(dirname(file), match[1] ?? match[2]!))
}

/** The first import cycle found, as a list of files, or undefined. */
export function findCycle (graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  function visit (node: string): string[] | undefined {
    if (state.get(node) === 'done') return undefined
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node]
    state.set(node, 'open')
    path.push(node)
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next)
      if (cycle !== undefined) return cycle
    }
    path.pop()
    state.set(node, 'done')
    return undefined
  }
  for (const node of graph.keys()) {
    const cycle = visit(node)
    if (cycle !== undefined) return cycle
  }
  return undefined
}

describe('source layout', () => {
  it('has no import loops in src/', () => {
    const files = sourceFiles('src').map((file) => resolve(file))
    const graph = new Map(files.map((file) => [file, importsOf(file).filter((target) => files.includes(target))]))
    const cycle = findCycle(graph)
    assert.equal(cycle, undefined, `import loop: ${cycle?.map((f) => f.replace(`${process.cwd()}/`, '')).join(' → ')}`)
  })

  it('finds a loop when there is one (the check can fail)', () => {
    assert.deepEqual(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), ['a', 'b', 'c', 'a'])
  })

  it('lists every scenario folder in the catalogue', () => {
    const folders = readdirSync('src/scenarios').filter((name) => statSync(join('src/scenarios', name)).isDirectory())
    assert.deepEqual([...folders].sort(), [...scenarioNames].sort())
  })
})
