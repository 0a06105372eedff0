// Live progress on stderr: one rewritten line on a terminal, a line every few seconds in CI logs.
export function createProgress (stream: NodeJS.WriteStream = process.stderr) {
  let last = 0
  let open = false
  return {
    update (message: string): void {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${message}`)
        open = true
      } else if (performance.now() - last >= 2000) {
        last = performance.now()
        stream.write(`${message}\n`)
      }
    },
    done (): void {
      if (open) stream.write('\n')
      open = false
      last = 0
    }
  }
}

export type Progress = ReturnType<typeof createProgress>

/** For callers that want no progress lines (tests). */
export const silentProgress: Progress = { update () {}, done () {} }
