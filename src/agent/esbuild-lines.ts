// esbuild as tsx imports it in lab mode: the real one (its URL in our query string), with
// transforms that keep one statement per line. See tsx-lines.ts.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { keepingLines } from './tsx-lines.ts'

type Esbuild = Parameters<typeof keepingLines>[0] & Record<string, unknown>

const real = createRequire(import.meta.url)(fileURLToPath(new URL(import.meta.url).searchParams.get('real')!)) as Esbuild
const wrapped = keepingLines(real)

export const { transform, transformSync, build, buildSync, context, formatMessages, formatMessagesSync, analyzeMetafile, analyzeMetafileSync, initialize, stop, version } = wrapped
export default wrapped
