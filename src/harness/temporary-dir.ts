// Temporary folders the tools create (databases, sockets): removed when done, and on every other
// way out of the process, an exception or Ctrl-C included.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Temporary folders still to remove: removed on every way out, an exception or Ctrl-C included. */
const temporary = new Set<string>()
process.once('exit', () => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
})

/** A fresh temporary folder that is removed when `remove` is called or the process exits. */
export function temporaryDir (prefix: string): { dir: string, remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  temporary.add(dir)
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true })
      temporary.delete(dir)
    }
  }
}
