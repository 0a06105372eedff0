// Starts servers as separate processes (never in the load generator's event loop) on free
// loopback ports, and stops them again. A child says where it listens over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const serverEntry = fileURLToPath(new URL('../server.ts', import.meta.url))

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

export interface ServerProcess {
  baseUrl: string
  child: ChildProcess
  stop: () => Promise<void>
}

/**
 * Forks a TypeScript entry that sends `{ type: 'listening', address }` once it listens; resolves
 * when it does. `cleanup` runs after the child has exited, or if it never listened.
 */
export async function forkServer (entry: string, { args = [], env = {}, cleanup = () => {} }: {
  args?: string[], env?: Record<string, string>, cleanup?: () => void
} = {}): Promise<ServerProcess> {
  const child = fork(entry, args, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.on('message', (message: { type?: string, address?: string }) => {
        if (message.type === 'listening' && message.address !== undefined) resolve(message.address)
      })
      child.once('exit', (code) => reject(new Error(`${entry} exited with code ${code} before listening`)))
    })
    return {
      baseUrl,
      child,
      async stop () {
        if (child.exitCode === null) {
          const exited = once(child, 'exit')
          child.kill('SIGTERM')
          await exited
        }
        cleanup()
      }
    }
  } catch (error) {
    child.kill('SIGKILL')
    cleanup()
    throw error
  }
}

/** The API with a fresh database in a temporary folder, quiet logs, and `env` on top. */
export function startServerProcess (env: Record<string, string> = {}): Promise<ServerProcess> {
  const { dir, remove } = temporaryDir('baseplate-')
  return forkServer(serverEntry, {
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_FILE: join(dir, 'baseplate.db'),
      // A DATABASE_URL of the caller's shell must not send a throwaway server to a shared database.
      DATABASE_URL: '',
      // Only the missing-index scenario needs the large events table; it asks for it in its env.
      EVENTS_SEED_COUNT: '0',
      ...env
    },
    cleanup: remove
  })
}
