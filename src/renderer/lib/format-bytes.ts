/** Sizes as people read them (decimal units, like the Hub and file managers show downloads). */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '—'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return `${u === 0 ? v : v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`
}

/** Whole percent of a download; 0 while its size is unknown. */
export const percentOf = (bytes: number, total: number): number => (total > 0 ? Math.min(100, Math.floor((bytes / total) * 100)) : 0)
