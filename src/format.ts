// One way to print numbers everywhere: durations, sizes, counts, threshold values.
export const formatInt = (n: number): string => Math.round(n).toLocaleString('en-US')

/** 2,010 ms · 41.7 ms · 7.12 ms: whole numbers from 100 ms up, more digits below. */
export const formatMs = (n: number): string => n >= 100 ? `${formatInt(n)} ms` : `${n.toFixed(n >= 10 ? 1 : 2)} ms`

/** A relative change with its sign: +16.8 %, -3.1 %, and 0.0 % (never -0.0 %) for what rounds to nothing. */
export function formatChange (share: number): string {
  const text = Math.abs(share * 100).toFixed(1)
  return text === '0.0' ? '0.0 %' : `${share < 0 ? '-' : '+'}${text} %`
}

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${formatInt(n)} B`

/** A threshold's measured value: a duration for http_req_duration, a rate otherwise. */
export const formatThresholdActual = ({ metric, actual }: { metric: string, actual: number }): string =>
  metric === 'http_req_duration' ? formatMs(actual) : actual.toFixed(3)
