// The lab's preload (NODE_OPTIONS=--import=<bundle of this file>), loaded by every Node process
// the service's command starts. It patches drivers and observes channels at once (they must
// precede the service's own requires), and links to the lab from the process that listens.
import { Server as HttpServer } from 'node:http'
import { Server as NetServer, type AddressInfo } from 'node:net'
import { Agent } from './agent.ts'
import { linkToLab } from './lab-link.ts'
import { LAB_SOCKET_ENV } from './protocol.ts'
import { patchedDrivers } from './sql-drivers.ts'
import { keepTsxLines } from './tsx-lines.ts'

const socketPath = process.env[LAB_SOCKET_ENV]

if (socketPath !== undefined && socketPath !== '') {
  keepTsxLines(new URL('./tsx-lines-hooks.mjs', import.meta.url))
  const agent = new Agent()
  agent.install()
  const listen = NetServer.prototype.listen
  let linked = false
  NetServer.prototype.listen = function (this: NetServer, ...args: unknown[]) {
    this.once('listening', () => {
      if (linked || !(this instanceof HttpServer)) return
      linked = true
      linkToLab(socketPath, agent, { pid: process.pid, address: urlOf(this.address() as AddressInfo), node: process.version, drivers: [...patchedDrivers] })
    })
    return Reflect.apply(listen, this, args) as NetServer
  } as typeof listen
}

/** The URL a client on this machine uses for a listening address. */
function urlOf ({ address, port, family }: AddressInfo): string {
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : family === 'IPv6' ? `[${address}]` : address
  return `http://${host}:${port}`
}
