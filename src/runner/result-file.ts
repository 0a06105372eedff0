// Result files of the runner: written as formatted JSON, read back with a check that they are
// what they claim to be, so a wrong or broken file is a clear one-line error, not a crash.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

export function writeResult (file: string, result: unknown): void {
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
}

export class ResultFileError extends Error {
  override name = 'ResultFileError'
}

/** Reads a JSON file; `check` returns an error message when the content is not what we expect. */
export function readResult<T> (file: string, check: (value: unknown) => string | undefined): T {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new ResultFileError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot be read (${code ?? String(error)})`)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ResultFileError(`${file}: not JSON`)
  }
  const problem = check(value)
  if (problem !== undefined) throw new ResultFileError(`${file}: ${problem}`)
  return value as T
}
