// Summarises a .cpuprofile: the hottest functions by self time, and the hottest frames of the
// application's own code (time attributed to the nearest own frame on each sampled stack).
import type { Profiler, Runtime } from 'node:inspector'
import { fileURLToPath } from 'node:url'
import { displayPath, isApplicationFile } from '../instrumentation/call-site.ts'

export interface HotFrame {
  functionName: string
  /** "src/x.ts:12" for files, "(native)" style for the rest. */
  location: string
  /** Percent of all samples taken while the process was not idle. */
  percent: number
  ms: number
  /** For own frames: the non-own function that took most of this frame's time, if one did. */
  via?: string
}

const idle = new Set(['(idle)', '(program)', '(garbage collector)', '(root)'])

function location (frame: Runtime.CallFrame): string {
  if (frame.url === '') return '(native)'
  const file = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url
  return `${file.startsWith('node:') ? file : displayPath(file)}:${frame.lineNumber + 1}`
}

/** Application code of the profiled process; `infrastructure` lists its instrumentation files. */
export function isOwnFrame (frame: Runtime.CallFrame, infrastructure: ReadonlySet<string> = new Set()): boolean {
  return isApplicationFile(frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url, infrastructure)
}

/** One key per function: its display name and where it is defined. */
const frameKey = (frame: Runtime.CallFrame): string => `${frame.functionName || '(anonymous)'}@${location(frame)}`

export interface ProfileSummary {
  totalMs: number
  busyMs: number
  topSelf: HotFrame[]
  topOwn: HotFrame[]
  gcPercent: number
}

export function summariseProfile (profile: Profiler.Profile, infrastructure: ReadonlySet<string> = new Set(), limit = 10): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  const selfUs = new Map<number, number>()
  samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, deltas[i] ?? 0)))

  let busyUs = 0
  let gcUs = 0
  const self = new Map<string, HotFrame & { us: number }>()
  const own = new Map<string, HotFrame & { us: number }>()
  const callees = new Map<string, Map<string, number>>()
  const add = (map: typeof self, frame: Runtime.CallFrame, us: number): void => {
    const key = frameKey(frame)
    const entry = map.get(key) ?? { functionName: frame.functionName || '(anonymous)', location: location(frame), percent: 0, ms: 0, us: 0 }
    entry.us += us
    map.set(key, entry)
  }
  for (const [id, us] of selfUs) {
    const node = nodes.get(id)!
    if (node.callFrame.functionName === '(garbage collector)') gcUs += us
    if (idle.has(node.callFrame.functionName)) continue
    busyUs += us
    add(self, node.callFrame, us)
    // Walk up to the nearest application frame: that is where this CPU time was asked for.
    let below: Runtime.CallFrame | undefined
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = nodes.get(current)!.callFrame
      if (isOwnFrame(frame, infrastructure)) {
        add(own, frame, us)
        if (below !== undefined) {
          const key = frameKey(frame)
          const calleeKey = `${below.functionName || '(anonymous)'} (${location(below)})`
          const byCallee = callees.get(key) ?? new Map<string, number>()
          byCallee.set(calleeKey, (byCallee.get(calleeKey) ?? 0) + us)
          callees.set(key, byCallee)
        }
        break
      }
      below = frame
    }
  }
  const viaOf = (frame: HotFrame & { us: number }): string | undefined => {
    const [callee, us] = [...(callees.get(`${frame.functionName}@${frame.location}`) ?? [])].sort((a, b) => b[1] - a[1])[0] ?? []
    return callee !== undefined && us! >= frame.us / 2 ? callee : undefined
  }
  const top = (map: typeof self, withVia: boolean): HotFrame[] => [...map.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map((frame) => {
      const { us, ...rest } = frame
      const via = withVia ? viaOf(frame) : undefined
      return {
        ...rest,
        ms: us / 1000,
        percent: busyUs === 0 ? 0 : (100 * us) / busyUs,
        ...(via === undefined ? {} : { via })
      }
    })
  const totalUs = (profile.endTime - profile.startTime)
  return { totalMs: totalUs / 1000, busyMs: busyUs / 1000, topSelf: top(self, false), topOwn: top(own, true), gcPercent: totalUs === 0 ? 0 : (100 * gcUs) / totalUs }
}
