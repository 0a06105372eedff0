// Where in the application a thing happened, from a V8 stack trace. Application code is any file
// that is not Node itself, not a dependency, and not marked as infrastructure: instrumentation
// marks its own files in a registry shared through the global symbol below, so the line blamed
// never depends on a list of paths.
import { findSourceMap } from 'node:module'
import { dirname, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const registryKey = Symbol.for('baseplate.infrastructure')

/** Files marked as infrastructure by the code they belong to (absolute paths). */
export function infrastructure (): Set<string> {
  const global = globalThis as { [registryKey]?: Set<string> }
  global[registryKey] ??= new Set()
  return global[registryKey]
}

const paths = new Map<string, string>()

/** A file URL or path as a path (URLs are parsed once each: this runs for every frame). */
export function toPath (fileOrUrl: string): string {
  if (!fileOrUrl.startsWith('file:')) return fileOrUrl
  let path = paths.get(fileOrUrl)
  if (path === undefined) paths.set(fileOrUrl, path = fileURLToPath(fileOrUrl))
  return path
}

const applicationFiles = new Map<string, boolean>()
/** The agent's own folder (src/agent/, or its bundle's): never the application. */
const agentDir = `${dirname(fileURLToPath(import.meta.url))}${sep}`

/** Cached: a module marks itself before any of its frames can appear on a stack. */
export function isApplicationFile (file: string): boolean {
  let own = applicationFiles.get(file)
  if (own === undefined) {
    own = file !== '' && file.startsWith('/') && !file.includes(`${sep}node_modules${sep}`) && !file.startsWith(agentDir) && !infrastructure().has(file)
    applicationFiles.set(file, own)
  }
  return own
}

/** Paths relative to the service's working directory when inside it, absolute otherwise. */
export function displayPath (file: string, root = process.cwd()): string {
  const rel = relative(root, file)
  return rel.startsWith('..') ? file : rel.split(sep).join('/')
}

/** "at fn (/abs/file.ts:12:5)", "at async fn (file:///abs/file.ts:12:5)" or "at /abs/file.ts:12:5". */
const framePattern = /(?:^at (?:async )?|\()((?:file:\/\/)?\/[^()]*?):(\d+):\d+\)?$/

export interface Frame { file: string, line: number }

/** Every file frame of a stack trace, innermost first. */
function framesOf (stack: string): Frame[] {
  const frames: Frame[] = []
  for (const text of stack.split('\n').slice(1)) {
    const match = framePattern.exec(text.trim())
    if (match !== null) frames.push({ file: toPath(match[1]!), line: Number(match[2]) })
  }
  return frames
}

/** A captured stack, not formatted yet (see captureStack). */
export interface StackHolder { stack?: unknown }

/**
 * Captures the stack now and reads it later: V8 records the frames (async callers included)
 * when captured and builds `.stack` only when it is first read.
 */
export function captureStack (below: (...args: never[]) => unknown, depth = 24): StackHolder {
  const holder: StackHolder = {}
  const previous = Error.stackTraceLimit
  Error.stackTraceLimit = depth
  Error.captureStackTrace(holder, below)
  Error.stackTraceLimit = previous
  return holder
}

interface CallSiteLike { getFileName: () => string | null | undefined, getLineNumber: () => number | null, getColumnNumber: () => number | null }

const mappedPositions = new Map<string, Frame>()

/** A generated position mapped to its source through the process's source maps (cached). */
function sourceFrame (file: string, line: number, column: number): Frame {
  const key = `${file}:${line}:${column}`
  let frame = mappedPositions.get(key)
  if (frame === undefined) {
    frame = { file, line }
    try {
      const entry = findSourceMap(file)?.findEntry(line - 1, column - 1) as { originalSource?: string, originalLine?: number } | undefined
      if (entry?.originalSource !== undefined && entry.originalLine !== undefined) frame = { file: toPath(entry.originalSource), line: entry.originalLine + 1 }
    } catch {
      // No source map: the generated position is the source.
    }
    mappedPositions.set(key, frame)
  }
  return frame
}

const structured = new WeakMap<object, Frame[]>()

/**
 * The frames of a captured stack, innermost first, mapped to their sources. Read as V8's
 * structured call sites rather than formatted text: formatting (and a loader's source-map hook
 * on it) is the slow part, and the same positions recur, so they are mapped once.
 */
export function framesOfHolder (holder: StackHolder): Frame[] {
  let frames = structured.get(holder)
  if (frames !== undefined) return frames
  const prepare = Error.prepareStackTrace
  Error.prepareStackTrace = (_error, callSites) => callSites
  let sites: unknown
  try {
    sites = holder.stack
  } finally {
    Error.prepareStackTrace = prepare
  }
  frames = typeof sites === 'string' ? framesOf(sites) : []
  if (Array.isArray(sites)) {
    for (const site of sites as CallSiteLike[]) {
      const name = site.getFileName()
      if (name === null || name === undefined || name === '') continue
      frames.push(name.startsWith('node:') ? { file: name, line: site.getLineNumber() ?? 0 } : sourceFrame(toPath(name), site.getLineNumber() ?? 0, site.getColumnNumber() ?? 0))
    }
  }
  structured.set(holder, frames)
  return frames
}

/** Application frames of a captured stack, innermost first, as "path:line". */
export function applicationSites (holder: StackHolder | undefined, limit = 3): string[] {
  if (holder === undefined) return []
  return framesOfHolder(holder).filter((frame) => isApplicationFile(frame.file)).slice(0, limit)
    .map((frame) => `${displayPath(frame.file)}:${frame.line}`)
}
