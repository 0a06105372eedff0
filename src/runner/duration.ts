// k6 duration strings ("1m30s", "500ms", "10s") to seconds.
export function parseDuration (text: string): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new Error(`invalid duration "${text}"`)
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 }
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0)
}
