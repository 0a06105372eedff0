// k6 threshold expressions ("p(95)<500", "rate<0.01", "avg<=200") parsed and evaluated
// against the Node runner's results, with k6's metric names.
export interface MetricValues {
  /** Trend metrics: aggregation name -> value, e.g. { avg, min, med, max, 'p(95)' }. */
  [aggregation: string]: number
}

export interface ThresholdResult {
  metric: string
  expression: string
  actual: number
  ok: boolean
}

const pattern = /^\s*(avg|min|max|med|count|rate|value|p\((\d+(?:\.\d+)?)\))\s*(<=|<|>=|>|===|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/

const compare: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '==': (a, b) => a === b,
  '===': (a, b) => a === b,
  '!=': (a, b) => a !== b
}

export function parseThreshold (expression: string) {
  const match = pattern.exec(expression)
  if (match === null) throw new Error(`unsupported threshold expression "${expression}"`)
  const aggregation = match[2] === undefined ? match[1]! : `p(${Number(match[2])})`
  return { aggregation, operator: match[3]!, limit: Number(match[4]), percentile: match[2] === undefined ? undefined : Number(match[2]) }
}

/**
 * Evaluates every threshold; `lookup(metric, aggregation, percentile)` returns the measured
 * value or undefined for a metric the runner does not produce (an error: k6 fails on those too).
 */
export function evaluateThresholds (
  thresholds: Record<string, string[]>,
  lookup: (metric: string, aggregation: string, percentile?: number) => number | undefined
): ThresholdResult[] {
  return Object.entries(thresholds).flatMap(([metric, expressions]) => expressions.map((expression) => {
    const { aggregation, operator, limit, percentile } = parseThreshold(expression)
    const actual = lookup(metric, aggregation, percentile)
    if (actual === undefined) throw new Error(`threshold on unknown metric ${metric}:${aggregation}`)
    return { metric, expression, actual, ok: compare[operator]!(actual, limit) }
  }))
}
