// Entry point: load the configuration, build the app, listen, and close gracefully on signals.
import closeWithGrace from 'close-with-grace'
import { buildApp } from './app.ts'
import { ConfigError, loadConfig } from './config.ts'

async function main (): Promise<void> {
  const config = loadConfig(process.env)
  const app = await buildApp(config)

  closeWithGrace({ delay: config.shutdownGraceMs }, async ({ signal, err }) => {
    if (err !== undefined) app.log.error({ err }, 'closing after an uncaught error')
    else app.log.info(`${signal} received: draining in-flight requests`)
    // Keep-alive connections whose request finishes during the drain are closed once idle,
    // instead of holding the process open until their keep-alive timeout.
    const reaper = setInterval(() => app.server.closeIdleConnections(), 50)
    try {
      await app.close()
    } finally {
      clearInterval(reaper)
    }
  })

  const address = await app.listen({ host: config.host, port: config.port })
  // When started by the lab or the gate (with an IPC channel), say where we listen.
  process.send?.({ type: 'listening', address })
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error)
  process.exit(1)
})
