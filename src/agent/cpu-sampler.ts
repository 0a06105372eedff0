// CPU samples with the line of every frame, through @datadog/pprof's time profiler in line mode:
// V8 records, for each frame of a sampled stack, the line being executed in it (for a caller,
// the line of the call). That gives the hot line itself, and for time spent inside a library or
// a builtin, the application line that called it. Lines of transpiled code are mapped back to
// the source through the process's source maps.
import { createRequire, findSourceMap } from 'node:module'
import type { CpuReport, FlameNode, HotLine } from './protocol.ts'
import { displayPath, isApplicationFile, toPath } from './stacks.ts'

interface PprofProfile {
  stringTable: { strings: string[] }
  function: Array<{ id: number | bigint, name: number | bigint, filename: number | bigint }>
  location: Array<{ id: number | bigint, line: Array<{ functionId: number | bigint, line: number | bigint }> }>
  sample: Array<{ locationId: Array<number | bigint>, value: Array<number | bigint> }>
}

interface TimeProfiler {
  start: (options: { intervalMicros: number, lineNumbers: boolean }) => void
  /** With `restart`, sampling goes on into a new profile. */
  stop: (restart?: boolean) => PprofProfile
}

/** A frame of a sample, innermost first, mapped to its source. */
export interface SampleFrame { name: string, file: string, line: number, own: boolean }

const idle = new Set(['(idle)', '(program)', '(root)', 'Node.js', '(anonymous:L#0:C#0)'])
const gc = new Set(['Garbage Collection', '(garbage collector)'])

/** Source line of a generated line: the first mapping on it (statements keep their own lines). */
export function sourceLine (file: string, line: number): { file: string, line: number } {
  let map
  try {
    map = findSourceMap(file)
  } catch {
    return { file, line }
  }
  if (map === undefined) return { file, line }
  for (let column = 0; column < 400; column++) {
    const entry = map.findEntry(line - 1, column) as { generatedLine?: number, originalSource?: string, originalLine?: number }
    if (entry.generatedLine === line - 1 && entry.originalSource !== undefined && entry.originalLine !== undefined) {
      return { file: toPath(entry.originalSource), line: entry.originalLine + 1 }
    }
    if (entry.generatedLine !== undefined && entry.generatedLine > line - 1) break
  }
  return { file, line }
}

export class CpuSampler {
  private profiler?: TimeProfiler
  private sampling = false
  private startedAt = 0

  private load (): TimeProfiler {
    // Loaded on first use: a native addon the service never pays for unless the lab measures.
    this.profiler ??= (createRequire(import.meta.url)('@datadog/pprof') as { time: TimeProfiler }).time
    return this.profiler
  }

  /**
   * Samples from now on, keeping nothing until `start`. V8 13 (Node 24) leaves inlined functions
   * out of the samples of code it optimized before a profile began: a hot function inlined into
   * its caller would be blamed on the caller's line. Sampling from the service's start profiles
   * everything the warm-up optimizes with its inlined frames.
   */
  prime (intervalMicros = 1000): void {
    if (this.sampling) return
    this.load().start({ intervalMicros, lineNumbers: true })
    this.sampling = true
  }

  start (intervalMicros = 1000): void {
    if (this.sampling) this.load().stop(true)
    else this.load().start({ intervalMicros, lineNumbers: true })
    this.sampling = true
    this.startedAt = performance.now()
  }

  /** Ends the window and summarises it: busy and GC time, the hot application lines, a flame graph. */
  stop (): Omit<CpuReport, 'allocatedBytes' | 'allocations'> {
    // Sampling goes on, for the next window (see `prime`).
    const profile = this.load().stop(true)
    const windowMs = performance.now() - this.startedAt
    const mapped = new Map<string, { file: string, line: number }>()
    const map = (file: string, line: number): { file: string, line: number } => {
      const key = `${file}:${line}`
      let result = mapped.get(key)
      if (result === undefined) mapped.set(key, result = file.startsWith('/') || file.startsWith('file:') ? sourceLine(toPath(file), line) : { file, line })
      return result
    }
    const text = (index: number | bigint): string => profile.stringTable.strings[Number(index)] ?? ''
    const functions = new Map(profile.function.map((f) => [Number(f.id), f]))
    const locations = new Map(profile.location.map((l) => [Number(l.id), l]))
    const samples: Array<{ frames: SampleFrame[], ms: number }> = []
    let busyMs = 0
    let gcMs = 0
    for (const sample of profile.sample) {
      const ms = Number(sample.value[1] ?? 0) / 1e6
      const frames = sample.locationId.flatMap((id) => locations.get(Number(id))?.line ?? []).map((line): SampleFrame => {
        const fn = functions.get(Number(line.functionId))
        const source = map(text(fn?.filename ?? 0), Number(line.line))
        // pprof names an anonymous function after its generated position: not a name to show.
        const raw = text(fn?.name ?? 0)
        const name = idle.has(raw) ? raw : raw.replace(/^\(anonymous:L#\d+(:C#\d+)?\)$/, '') || '(anonymous)'
        return { name, file: source.file, line: source.line, own: isApplicationFile(source.file) }
      })
      const leaf = frames[0]?.name ?? '(idle)'
      if (idle.has(leaf)) continue
      busyMs += ms
      if (gc.has(leaf)) gcMs += ms
      samples.push({ frames, ms })
    }
    return { windowMs, busyMs, gcMs, hotLines: hotLines(samples, busyMs), flame: flameGraph(samples) }
  }
}

const where = (frame: SampleFrame): string => frame.file.startsWith('/') ? `${displayPath(frame.file)}:${frame.line}` : frame.file === '' ? '(native)' : `${frame.file}:${frame.line}`

/** Time by innermost application line, with the non-application function below it. */
export function hotLines (samples: Array<{ frames: SampleFrame[], ms: number }>, busyMs: number, limit = 10): HotLine[] {
  const lines = new Map<string, { location: string, functionName: string, ms: number, below: Map<string, number> }>()
  for (const { frames, ms } of samples) {
    const index = frames.findIndex((frame) => frame.own)
    if (index < 0) continue
    const frame = frames[index]!
    const location = where(frame)
    const entry = lines.get(location) ?? { location, functionName: frame.name, ms: 0, below: new Map<string, number>() }
    entry.ms += ms
    const callee = frames[index - 1]
    if (callee !== undefined) {
      const name = `${callee.name} (${where(callee)})`
      entry.below.set(name, (entry.below.get(name) ?? 0) + ms)
    }
    lines.set(location, entry)
  }
  return [...lines.values()].sort((a, b) => b.ms - a.ms).slice(0, limit).map(({ below, ...line }) => {
    const [via, viaMs] = [...below].sort((a, b) => b[1] - a[1])[0] ?? []
    return { ...line, percent: busyMs > 0 ? (100 * line.ms) / busyMs : 0, ...(via !== undefined && viaMs! >= line.ms / 2 ? { via } : {}) }
  })
}

/** Samples merged into a tree of functions, root first, for the icicle chart. */
export function flameGraph (samples: Array<{ frames: SampleFrame[], ms: number }>): FlameNode {
  const root: FlameNode = { name: 'all', location: '', ms: 0, own: false, children: [] }
  for (const { frames, ms } of samples) {
    root.ms += ms
    let node = root
    for (let i = frames.length - 1; i >= 0; i--) {
      const frame = frames[i]!
      if (idle.has(frame.name)) continue
      const location = frame.file.startsWith('/') ? displayPath(frame.file) : frame.file
      let child = node.children.find((c) => c.name === frame.name && c.location === location)
      if (child === undefined) {
        child = { name: frame.name, location, ms: 0, own: frame.own, children: [] }
        node.children.push(child)
      }
      child.ms += ms
      node = child
    }
  }
  return prune(root, root.ms / 500)
}

/** Drops branches under `minMs` (too thin to draw) so the report stays small. */
function prune (node: FlameNode, minMs: number): FlameNode {
  return { ...node, children: node.children.filter((c) => c.ms >= minMs).sort((a, b) => b.ms - a.ms).map((c) => prune(c, minMs)) }
}
