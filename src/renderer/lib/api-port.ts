/** The port the local API listens on now (from its address), or null when it is off. */
export function portInUse(apiUrl: string | null | undefined): number | null {
  if (!apiUrl) return null
  try {
    const u = new URL(apiUrl)
    return Number(u.port || (u.protocol === 'https:' ? 443 : 80))
  } catch {
    return null
  }
}
