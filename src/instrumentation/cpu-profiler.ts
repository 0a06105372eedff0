// In-process CPU profiling through node:inspector, with positions mapped back to the
// original TypeScript sources so the .cpuprofile and its summary point at real lines.
import { Session, type Profiler } from 'node:inspector'
import { findSourceMap } from 'node:module'
import { fileURLToPath } from 'node:url'
import { markInfrastructure } from './infrastructure.ts'

markInfrastructure(import.meta.url)

function post<T> (session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => {
    session.post(method, params ?? {}, (error, result) => (error === null ? resolve(result as T) : reject(error)))
  })
}

/** Rewrites call frames from generated JavaScript positions to original source positions. */
export function mapProfileToSources (profile: Profiler.Profile): Profiler.Profile {
  for (const node of profile.nodes) {
    const frame = node.callFrame
    if (frame.url === '' || frame.url.startsWith('node:') || frame.lineNumber < 0) continue
    let map
    try {
      map = findSourceMap(frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url)
    } catch {
      continue
    }
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber)
    if (entry === undefined || !('originalSource' in entry) || entry.originalSource === undefined) continue
    frame.url = entry.originalSource
    frame.lineNumber = entry.originalLine
    frame.columnNumber = entry.originalColumn
    // positionTicks (line-level self samples) are left as they are: tsx emits whitespace-minified
    // code, so a generated line number alone cannot be mapped back.
  }
  return profile
}

export class CpuProfiler {
  private session?: Session

  get running (): boolean {
    return this.session !== undefined
  }

  async start (samplingIntervalUs = 500): Promise<void> {
    if (this.session !== undefined) throw new Error('a CPU profile is already being recorded')
    const session = new Session()
    session.connect()
    await post(session, 'Profiler.enable')
    await post(session, 'Profiler.setSamplingInterval', { interval: samplingIntervalUs })
    await post(session, 'Profiler.start')
    this.session = session
  }

  async stop (): Promise<Profiler.Profile> {
    const session = this.session
    if (session === undefined) throw new Error('no CPU profile is being recorded')
    this.session = undefined
    try {
      const { profile } = await post<{ profile: Profiler.Profile }>(session, 'Profiler.stop')
      return mapProfileToSources(profile)
    } finally {
      session.disconnect()
    }
  }
}
