// The agent as the service's Node loads it: src/agent/ bundled into plain JavaScript (a service
// may have no TypeScript loader), written under this checkout's node_modules/.cache so that its
// few dependencies (@datadog/pprof, require-in-the-middle) resolve from here. Content-addressed:
// concurrent labs and repeated runs share one build.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const agentDir = fileURLToPath(new URL('../agent/', import.meta.url))
const cacheDir = fileURLToPath(new URL('../../node_modules/.cache/baseplate-agent/', import.meta.url))
const entries = ['preload', 'tsx-lines-hooks', 'esbuild-lines']

/** Builds (or reuses) the bundle; returns the preload's file URL for NODE_OPTIONS=--import. */
export async function agentPreload (): Promise<string> {
  const result = await build({
    entryPoints: Object.fromEntries(entries.map((name) => [name, join(agentDir, `${name}.ts`)])),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outdir: '/virtual',
    outExtension: { '.js': '.mjs' },
    external: ['@datadog/pprof', 'require-in-the-middle', 'esbuild'],
    write: false,
    logLevel: 'silent'
  })
  const hash = createHash('sha256')
  for (const file of result.outputFiles) hash.update(file.path).update(file.contents)
  const dir = join(cacheDir, hash.digest('hex').slice(0, 16))
  if (!existsSync(join(dir, 'preload.mjs'))) {
    mkdirSync(dir, { recursive: true })
    for (const file of result.outputFiles) {
      const target = join(dir, basename(file.path))
      const partial = `${target}.${process.pid}.tmp`
      writeFileSync(partial, file.contents)
      renameSync(partial, target)
    }
  }
  return pathToFileURL(join(dir, 'preload.mjs')).href
}
