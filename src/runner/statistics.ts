// The statistics behind `compare`: a seeded bootstrap of the ratio between two runs, over
// blocks of consecutive requests (so that a run's own drift and noise are part of the estimate),
// and Wilson intervals for error rates. Small, dependency-free, deterministic.

/** mulberry32: a small seeded PRNG, so that the same two files always give the same verdict. */
export function seededRandom (seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

export interface RatioInterval {
  /** current / baseline, from the full samples. */
  estimate: number
  /** 95 % percentile-bootstrap confidence interval of the ratio. */
  low: number
  high: number
}

/**
 * Bootstrap confidence interval of statistic(current) / statistic(baseline), resampling each
 * side's values (blocks, or samples) with replacement.
 */
export function bootstrapRatio (baseline: readonly number[], current: readonly number[], statistic: (values: readonly number[]) => number, { iterations = 2000, seed = 1 } = {}): RatioInterval {
  const random = seededRandom(seed)
  const resample = (values: readonly number[]): number[] => values.map(() => values[Math.floor(random() * values.length)]!)
  const ratios: number[] = []
  for (let i = 0; i < iterations; i++) {
    const before = statistic(resample(baseline))
    if (before > 0) ratios.push(statistic(resample(current)) / before)
  }
  ratios.sort((a, b) => a - b)
  const at = (q: number): number => ratios[Math.min(ratios.length - 1, Math.max(0, Math.round(q * (ratios.length - 1))))]!
  const before = statistic(baseline)
  return { estimate: before > 0 ? statistic(current) / before : Infinity, low: at(0.025), high: at(0.975) }
}

/** Wilson score interval of a proportion (z = 2.576: 99 %). */
export function wilson (failures: number, total: number, z = 2.576): { low: number, high: number } {
  if (total === 0) return { low: 0, high: 1 }
  const p = failures / total
  const denominator = 1 + (z * z) / total
  const centre = p + (z * z) / (2 * total)
  const margin = z * Math.sqrt((p * (1 - p)) / total + (z * z) / (4 * total * total))
  return { low: Math.max(0, (centre - margin) / denominator), high: Math.min(1, (centre + margin) / denominator) }
}
