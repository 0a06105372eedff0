// Finds where application code issued a query or an outbound call, from a stack trace.
import { relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const projectRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Frames that belong to the instrumentation itself, never the culprit. */
const infrastructure = [
  `${sep}src${sep}diagnostics${sep}`,
  `${sep}src${sep}outbound${sep}`,
  `${sep}src${sep}db${sep}instrumented-dialect`,
  `${sep}src${sep}db${sep}database.ts`,
  ...['request-timing', 'metrics', 'admin', 'db'].map((name) => `${sep}src${sep}plugins${sep}${name}.ts`),
  `${sep}node_modules${sep}`
]

/** Application code: a file that is neither a dependency, nor Node itself, nor our instrumentation. */
export function isApplicationFile (file: string): boolean {
  return file !== '' && !file.startsWith('node:') && !infrastructure.some((part) => file.includes(part))
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
