// Finds where application code issued a query or an outbound call, from a stack trace. The
// instrumentation marks its own files as infrastructure, so they are never named as culprits.
import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

const infrastructure = new Set<string>()

/** Called at the top of every instrumentation module: `markInfrastructure(import.meta.url)`. */
export function markInfrastructure (moduleUrl: string): void {
  infrastructure.add(moduleUrl.startsWith('file:') ? fileURLToPath(moduleUrl) : moduleUrl)
}

markInfrastructure(import.meta.url)

/** The files marked so far (absolute paths), for a process that reads this one's stacks. */
export function infrastructureFiles (): string[] {
  return [...infrastructure]
}

/** Application code: a file that is neither a dependency, nor Node itself, nor instrumentation. */
export function isApplicationFile (file: string, marked: ReadonlySet<string> = infrastructure): boolean {
  return file !== '' && !file.startsWith('node:') && !file.includes(`${sep}node_modules${sep}`) && !marked.has(file)
}

/** "at fn (/abs/file.ts:12:5)", "at async fn (file:///abs/file.ts:12:5)" or "at /abs/file.ts:12:5". */
const framePattern = /(?:^at (?:async )?|\()((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?$/

/** Application frames of a stack trace, innermost first, as "path:line" relative to the project. */
export function applicationFrames (stack: string, limit = 3): string[] {
  const frames: string[] = []
  for (const line of stack.split('\n').slice(1)) {
    const match = framePattern.exec(line.trim())
    if (match === null) continue
    const file = match[1]!.startsWith('file://') ? fileURLToPath(match[1]!) : match[1]!
    if (!isApplicationFile(file)) continue
    frames.push(`${displayPath(file)}:${match[2]}`)
    if (frames.length === limit) break
  }
  return frames
}

/**
 * Captures up to 40 frames above `below`. V8 records the frames now and writes the text only
 * when `.stack` is first read, so capturing is cheap and formatting can wait.
 */
export function captureStack (below: (...args: never[]) => unknown): { stack?: string } {
  const holder: { stack?: string } = {}
  const previous = Error.stackTraceLimit
  Error.stackTraceLimit = 40
  Error.captureStackTrace(holder, below)
  Error.stackTraceLimit = previous
  return holder
}

/** The caller's application frames: where the code that called us lives. */
export function captureCallSite (limit = 3): string[] {
  return applicationFrames(captureStack(captureCallSite).stack ?? '', limit)
}

export function displayPath (file: string): string {
  const rel = relative(projectRoot, file)
  return rel.startsWith('..') ? file : rel.split(sep).join('/')
}
