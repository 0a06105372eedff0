// Keeps TypeScript lines where they were when a service runs under tsx. tsx compiles with
// esbuild's minifyWhitespace, which puts a whole function on one generated line, and a CPU
// profile knows lines, not columns: the hot line could not be told apart from its neighbours.
// In lab mode only, tsx's esbuild is handed a thin wrapper that turns that option off; the
// output keeps one statement per line and its source map, so lines map back exactly.
import { createRequire, register } from 'node:module'

type Transform = (code: string, options?: Record<string, unknown>) => unknown

/** esbuild's exports with minifyWhitespace forced off in transform/transformSync. */
export function keepingLines<T extends { transform: Transform, transformSync: Transform }> (esbuild: T): T {
  const keep = (options?: Record<string, unknown>): Record<string, unknown> => ({ ...options, minifyWhitespace: false })
  return { ...esbuild, transform: (code: string, options?: Record<string, unknown>) => esbuild.transform(code, keep(options)), transformSync: (code: string, options?: Record<string, unknown>) => esbuild.transformSync(code, keep(options)) }
}

const usesTsx = (): boolean => [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => /(^|[/\\@ =])tsx\b/.test(arg))

/** In a process started with tsx: wraps its esbuild for ESM (loader hooks) and CommonJS (require). */
export function keepTsxLines (hooksUrl: URL): void {
  if (!usesTsx()) return
  // tsx caches what it compiled on disk: a cached, minified build would never reach the wrapper.
  process.env.TSX_DISABLE_CACHE = '1'
  // ESM: tsx's hooks run in the loader thread and import esbuild there; our resolve hook,
  // registered before tsx's, hands them the wrapper instead.
  register(hooksUrl)
  // CommonJS: tsx's require hook runs here and requires esbuild directly.
  const require = createRequire(import.meta.url)
  const { Hook } = require('require-in-the-middle') as typeof import('require-in-the-middle')
  // eslint-disable-next-line no-new
  new Hook(['esbuild'], (exports) => keepingLines(exports as { transform: Transform, transformSync: Transform }) as typeof exports)
}
