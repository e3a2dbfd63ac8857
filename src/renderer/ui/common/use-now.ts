import { useEffect, useState } from 'react'

/** The current time, refreshed every `ms` while `active` (for ETAs that count down between reports). */
export function useNow(ms: number, active = true): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return
    const id = setInterval(() => setNow(Date.now()), ms)
    return () => clearInterval(id)
  }, [ms, active])
  return now
}
