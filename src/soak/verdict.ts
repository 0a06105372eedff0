// The soak's verdict: once the server has warmed up, does its memory keep growing? One
// definition, printed with every report, so that a reader knows exactly what OK means.
export interface SoakSample {
  elapsedSeconds: number
  rssBytes: number
  heapUsedBytes: number
  /** Requests answered since the start, and how many of them were errors. */
  requests: number
  errors: number
  /** Requests per second over the interval that ended with this sample. */
  requestsPerSecond: number
}

export type SoakVerdict =
  | { judged: true, ok: boolean, growth: number, heapGrowth: number, baseline: SoakSample, peak: SoakSample }
  | { judged: false, reason: string }

/** Growth at or above this share of the baseline fails the soak. */
export const growthLimit = 0.1

/** 45s, 1m00s, 5m10s. */
export function formatElapsed (seconds: number): string {
  const whole = Math.round(seconds)
  return whole < 60 ? `${whole}s` : `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`
}

export function verdictDefinition (warmupSeconds: number): string {
  return 'growth = (highest RSS sampled after the baseline - RSS at the baseline) / RSS at the baseline, ' +
    `the baseline being the first sample taken at or after ${formatElapsed(warmupSeconds)}; OK when growth < ${growthLimit * 100} %. ` +
    'Heap used is shown beside it but not judged: it swings by a young generation with every scavenge.'
}

/** The verdict over the samples taken so far (a partial run may not have a baseline yet). */
export function soakVerdict (samples: SoakSample[], warmupSeconds: number): SoakVerdict {
  const at = samples.findIndex((s) => s.elapsedSeconds >= warmupSeconds)
  const baseline = samples[at]
  const later = samples.slice(at + 1)
  if (at === -1 || baseline === undefined) return { judged: false, reason: `no sample at or after ${formatElapsed(warmupSeconds)} yet` }
  if (later.length === 0) return { judged: false, reason: `no sample after the baseline at ${formatElapsed(baseline.elapsedSeconds)}` }
  const peak = later.reduce((high, s) => s.rssBytes > high.rssBytes ? s : high)
  const growth = (peak.rssBytes - baseline.rssBytes) / baseline.rssBytes
  const heapGrowth = (Math.max(...later.map((s) => s.heapUsedBytes)) - baseline.heapUsedBytes) / baseline.heapUsedBytes
  return { judged: true, ok: growth < growthLimit, growth, heapGrowth, baseline, peak }
}
