// A node:http server that answers every request with one body read from a file: no routing,
// validation, database or JSON. The bench shows it beside the twin as what is left without them.
import { createServer } from 'node:http'
import { readFileSync } from 'node:fs'
import { listenForHarness } from './listen.ts'

const body = readFileSync(process.argv[2] ?? '/dev/stdin')
const headers = { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) }

const server = createServer((_request, response) => {
  response.writeHead(200, headers)
  response.end(body)
})

listenForHarness(server)
