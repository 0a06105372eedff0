// Starts servers as separate processes (never in the load generator's event loop) on free
// loopback ports, and stops them again. A child says where it listens over the IPC channel.
import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { throwawayDatabase } from './throwaway-database.ts'

const serverEntry = fileURLToPath(new URL('../server.ts', import.meta.url))

export interface ServerProcess {
  baseUrl: string
  child: ChildProcess
  stop: () => Promise<void>
}

/**
 * Forks an entry (TypeScript through tsx, or compiled JavaScript) that sends `{ type: 'listening', address }` once it listens; resolves
 * when it does. `cleanup` runs after the child has exited, or if it never listened.
 */
export async function forkServer (entry: string, { args = [], env = {}, cleanup = () => {} }: {
  args?: string[], env?: Record<string, string>, cleanup?: () => void | Promise<void>
} = {}): Promise<ServerProcess> {
  const child = fork(entry, args, {
    // tsx by its resolved location: the caller's working directory may be any folder (`baseplate bench`).
    execArgv: entry.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : ['--enable-source-maps'],
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
        await cleanup()
      }
    }
  } catch (error) {
    child.kill('SIGKILL')
    await cleanup()
    throw error
  }
}

/** The API's environment under a harness: loopback, any free port, quiet logs, its database, then `env`. */
export function apiEnvironment (databaseEnv: Record<string, string>, env: Record<string, string> = {}): Record<string, string> {
  return {
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...databaseEnv,
    // Only the missing-index scenario needs the large events table; it asks for it in its env.
    EVENTS_SEED_COUNT: '0',
    ...env
  }
}

/**
 * The API on a database of its own (see throwaway-database.ts: SQLite, or PostgreSQL when
 * `databaseUrl`, by default DATABASE_URL, is set), quiet logs, and `env` on top. `entry` runs
 * another build of the server, such as the compiled one.
 */
export async function startServerProcess (env: Record<string, string> = {}, { entry = serverEntry, databaseUrl }: {
  entry?: string, databaseUrl?: string
} = {}): Promise<ServerProcess & { database: string, databaseEnv: Record<string, string> }> {
  const database = await throwawayDatabase(databaseUrl)
  const server = await forkServer(entry, { env: apiEnvironment(database.env, env), cleanup: database.drop })
  return { ...server, database: database.description, databaseEnv: database.env }
}
