// Interval arithmetic on [start, end] pairs of milliseconds: how long at least one of a set of
// overlapping things (parallel statements, calls in flight) was going on.

export type Interval = [number, number]

/** The union of intervals as disjoint, sorted intervals. */
export function union (intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0])
  const merged: Interval[] = []
  for (const [start, end] of sorted) {
    const last = merged.at(-1)
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end)
    else merged.push([start, end])
  }
  return merged
}

export const length = (intervals: readonly Interval[]): number =>
  union(intervals).reduce((sum, [start, end]) => sum + end - start, 0)

/** Parts of `a` not covered by `b`; both disjoint and sorted (as union() returns them). Linear. */
export function subtract (a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const result: Interval[] = []
  let j = 0
  for (const [start, end] of a) {
    while (j < b.length && b[j]![1] <= start) j++
    let cursor = start
    for (let k = j; k < b.length && b[k]![0] < end; k++) {
      const [bStart, bEnd] = b[k]!
      if (bStart > cursor) result.push([cursor, bStart])
      cursor = Math.max(cursor, bEnd)
    }
    if (cursor < end) result.push([cursor, end])
  }
  return result
}

/** Length of the overlap between [from, to] and a set of intervals. */
export function overlap (from: number, to: number, intervals: readonly Interval[]): number {
  return length(intervals.map(([start, end]): Interval => [Math.max(start, from), Math.min(end, to)]))
}
