// The server's memory, read from outside so that the server needs no code of its own for it:
// RSS as the kernel counts it (/proc/<pid>/status), heap used as the server's /metrics reports
// it (prom-client's nodejs_heap_size_used_bytes, read when scraped).
import { readFile } from 'node:fs/promises'
import type { Client } from 'undici'

export interface MemoryReading {
  rssBytes: number
  heapUsedBytes: number
}

function metric (text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)`, 'm').exec(text)
  return match === null ? undefined : Number(match[1])
}

/** VmRSS of a process, or undefined where there is no /proc (macOS). */
async function procRss (pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8')
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
    return kb === undefined ? undefined : Number(kb) * 1024
  } catch {
    return undefined
  }
}

/** One reading; `client` is a connection of its own, so that the workload's queue never delays it. */
export async function readMemory (pid: number, client: Client): Promise<MemoryReading> {
  const { statusCode, body } = await client.request({ method: 'GET', path: '/metrics' })
  const text = await body.text()
  if (statusCode !== 200) throw new Error(`GET /metrics answered ${statusCode}: the soak reads the heap there (METRICS=true)`)
  const heapUsedBytes = metric(text, 'nodejs_heap_size_used_bytes')
  // Without /proc, prom-client's own RSS figure (process.memoryUsage() inside the server).
  const rssBytes = await procRss(pid) ?? metric(text, 'process_resident_memory_bytes')
  if (heapUsedBytes === undefined || rssBytes === undefined) throw new Error('GET /metrics lacks nodejs_heap_size_used_bytes or process_resident_memory_bytes')
  return { rssBytes, heapUsedBytes }
}
