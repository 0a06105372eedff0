// Runs a service under the lab: its command in its own process group, with the agent preloaded
// into every Node process it starts, and a private socket the agent links back on. Stopping it
// stops the whole group, on every way out (an exception, Ctrl-C, the lab's own exit).
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { chmodSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { LAB_SOCKET_ENV, type Hello, type LabRequest, type Reply, type Snapshot } from '../agent/protocol.ts'
import { temporaryDir } from './temporary-dir.ts'

export interface ServiceSpec {
  /** A shell command line: `node server.js`, `npm start`, `tsx src/app.ts`. */
  command: string
  cwd: string
  env: Record<string, string>
  /** The agent's preload (file URL), injected through NODE_OPTIONS. */
  preload: string
  /** Where the service answers; default: the address it reports when it listens. */
  baseUrl?: string
  /** How long it may take to start (first starts may migrate and seed). */
  startTimeoutMs?: number
}

export interface AgentLink {
  hello: Hello
  start: () => Promise<void>
  stop: (options: { explain: boolean }) => Promise<Snapshot>
}

export interface Service {
  baseUrl: string
  agent: AgentLink
  /** The last lines the service printed (for error messages). */
  output: () => string
  stop: () => Promise<void>
}

const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL')
})

/** Signals the child's whole process group; false when no process of it is left. */
function killGroup (child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-child.pid!, signal)
    return true
  } catch {
    return false
  }
}

function linkOver (socket: Socket, hello: Hello): AgentLink {
  let next = 1
  const waiting = new Map<number, { resolve: (value: unknown) => void, reject: (error: Error) => void }>()
  createInterface({ input: socket }).on('line', (line) => {
    const reply = JSON.parse(line) as Reply
    const pending = waiting.get(reply.id)
    waiting.delete(reply.id)
    if (reply.ok) pending?.resolve(reply.value)
    else pending?.reject(new Error(`the agent failed: ${reply.error ?? 'unknown error'}`))
  })
  socket.once('close', () => {
    for (const pending of waiting.values()) pending.reject(new Error('the service closed its link to the lab (did it exit?)'))
  })
  const ask = <T>(command: LabRequest): Promise<T> => new Promise<T>((resolve, reject) => {
    const id = next++
    waiting.set(id, { resolve: resolve as (value: unknown) => void, reject })
    socket.write(`${JSON.stringify({ ...command, id })}\n`)
  })
  return { hello, start: () => ask({ cmd: 'start' }), stop: ({ explain }) => ask({ cmd: 'stop', explain }) }
}

export async function startService (spec: ServiceSpec): Promise<Service> {
  const { dir, remove } = temporaryDir('baseplate-lab-')
  chmodSync(dir, 0o700)
  const socketPath = join(dir, 'lab.sock')
  const server = createServer()
  server.listen(socketPath)
  await once(server, 'listening')
  const linked = new Promise<{ socket: Socket, hello: Hello }>((resolve) => {
    server.once('connection', (socket) => {
      createInterface({ input: socket }).once('line', (line) => resolve({ socket, hello: JSON.parse(line) as Hello }))
    })
  })

  const nodeOptions = [process.env.NODE_OPTIONS, spec.env.NODE_OPTIONS, `--import=${spec.preload}`].filter(Boolean).join(' ')
  const child = spawn(spec.command, {
    shell: true,
    cwd: spec.cwd,
    detached: true,
    env: { ...process.env, ...spec.env, NODE_OPTIONS: nodeOptions, [LAB_SOCKET_ENV]: socketPath },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  running.add(child)
  const lines: string[] = []
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => { lines.push(line); if (lines.length > 40) lines.shift() })
  }
  const output = (): string => lines.join('\n')

  async function stop (): Promise<void> {
    if (running.has(child)) {
      killGroup(child, 'SIGTERM')
      // The whole group must be gone, not only the shell: wait, then insist.
      for (let i = 0; i < 100 && killGroup(child, 0); i++) await sleep(100)
      killGroup(child, 'SIGKILL')
      running.delete(child)
    }
    server.close()
    remove()
  }

  // Both watchers end with the race, so that neither keeps the lab's process alive afterwards.
  const watching = new AbortController()
  const limitMs = spec.startTimeoutMs ?? 120_000
  const exited = once(child, 'exit', { signal: watching.signal }).then(([code]) => { throw new Error(`\`${spec.command}\` exited with code ${String(code)} before it listened:\n${output()}`) })
  const timeout = sleep(limitMs, undefined, { signal: watching.signal }).then(() => { throw new Error(`\`${spec.command}\` did not start listening within ${limitMs / 1000} s:\n${output()}`) })
  try {
    const { socket, hello } = await Promise.race([linked, exited, timeout])
    return { baseUrl: spec.baseUrl ?? hello.address, agent: linkOver(socket, hello), output, stop }
  } catch (error) {
    await stop()
    throw error
  } finally {
    watching.abort()
    exited.catch(() => {})
    timeout.catch(() => {})
  }
}
