import type { ApiClient } from '../../shared/api-client'

/**
 * Font previews: each engine font registered once as a FontFace under a private family name. URL
 * sources (Electron's app-media://) load only when text actually uses them; byte sources come from
 * the HTTP API. A font that cannot be had answers null and the picker falls back to the UI font.
 */
const faces = new Map<string, Promise<string | null>>()
let seq = 0

export function loadFontFace(api: ApiClient, name: string): Promise<string | null> {
  let p = faces.get(name)
  if (!p) {
    p = (async () => {
      const src = await api.fontSource(name)
      if (!src.ok) return null
      const family = `adstudio-font-${++seq}`
      try {
        const face = 'url' in src.value ? new FontFace(family, `url("${src.value.url}")`) : new FontFace(family, src.value.bytes as BufferSource)
        document.fonts.add(await face.load())
        return family
      } catch {
        return null
      }
    })()
    faces.set(name, p)
  }
  return p
}
