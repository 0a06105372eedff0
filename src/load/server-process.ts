// Starts the API as a separate process (never in the load generator's event loop) on a free
// loopback port with a fresh database, and stops it again.
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const serverEntry = fileURLToPath(new URL('../server.ts', import.meta.url))

export interface ServerProcess {
  baseUrl: string
  child: ChildProcess
  stop: () => Promise<void>
}

export async function startServerProcess (env: Record<string, string> = {}, execArgv: string[] = []): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'baseplate-'))
  const child = fork(serverEntry, [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      DATABASE_FILE: join(dir, 'baseplate.db'),
      // Only the missing-index scenario needs the large events table; it asks for it in its env.
      EVENTS_SEED_COUNT: '0',
      ...env
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc']
  })
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true })
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      child.on('message', (message: { type?: string, address?: string }) => {
        if (message.type === 'listening' && message.address !== undefined) resolve(message.address)
      })
      child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before listening`)))
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
