// The agent's side of the lab's socket: once the service listens, say hello, then answer the
// lab's commands (start a measurement window, stop it and send the snapshot), one JSON document
// per line. The socket never keeps the service alive, and it exists only while the lab runs.
import { connect } from 'node:net'
import { createInterface } from 'node:readline'
import type { Agent } from './agent.ts'
import type { Hello, LabCommand, Reply } from './protocol.ts'

export function linkToLab (socketPath: string, agent: Agent, hello: Omit<Hello, 'type'>): void {
  const socket = connect(socketPath)
  socket.unref()
  const send = (message: Hello | Reply): void => { socket.write(`${JSON.stringify(message)}\n`) }
  socket.once('connect', () => send({ type: 'hello', ...hello }))
  // The lab going away must never take the service down with it.
  socket.on('error', () => socket.destroy())
  createInterface({ input: socket }).on('line', (line) => {
    let command: LabCommand
    try {
      command = JSON.parse(line) as LabCommand
    } catch {
      return
    }
    run(command).then(
      (value) => send({ type: 'reply', id: command.id, ok: true, value }),
      (error: unknown) => send({ type: 'reply', id: command.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) })
    )
  })

  async function run (command: LabCommand): Promise<unknown> {
    if (command.cmd === 'start') return agent.start()
    if (command.cmd === 'stop') return agent.stop({ explain: command.explain })
    throw new Error(`unknown command ${JSON.stringify(command)}`)
  }
}
