// The ceiling for the benchmark: a bare node:http server answering every request with one
// pre-serialized JSON body. No routing, validation or database: what Node itself can do.
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'

const body = readFileSync(process.argv[2] ?? '/dev/stdin')
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) }

const server = createServer((_request, response) => {
  response.writeHead(200, headers)
  response.end(body)
})

server.listen(0, '127.0.0.1', () => {
  const address = server.address()
  if (address !== null && typeof address === 'object') {
    process.send?.({ type: 'listening', address: `http://127.0.0.1:${address.port}` })
  }
})
process.on('SIGTERM', () => server.close(() => process.exit(0)))
