/**
 * The job parameters as an XMP packet, so every export format carries them: sharp writes XMP into
 * PNG (iTXt "XML:com.adobe.xmp"), JPEG (APP1) and WebP (the "XMP " chunk) alike. One property,
 * `adstudio:parameters`, holding the JSON text: readers that know XMP show it, and we read it back.
 */
export const XMP_NAMESPACE = 'https://adstudio.app/ns/xmp/1.0/'

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10))
  })

export function parametersXmp(parameters: unknown): string {
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    `  <rdf:Description rdf:about="" xmlns:adstudio="${XMP_NAMESPACE}">`,
    `   <adstudio:parameters>${escapeXml(JSON.stringify(parameters))}</adstudio:parameters>`,
    '  </rdf:Description>',
    ' </rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n')
}

/**
 * The parameters from an XMP packet, or null. Found by our namespace URI whatever prefix an editor
 * that rewrote the packet gave it, as an element or as an attribute of rdf:Description.
 */
export function parametersFromXmp(xmp: string): unknown {
  const ns = new RegExp(`xmlns:([A-Za-z_][\\w.-]*)=["']${XMP_NAMESPACE.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["']`).exec(xmp)
  if (!ns) return null
  const p = ns[1]
  const element = new RegExp(`<${p}:parameters>([\\s\\S]*?)</${p}:parameters>`).exec(xmp)
  const attribute = element ? null : new RegExp(`\\s${p}:parameters=(?:"([^"]*)"|'([^']*)')`).exec(xmp)
  const raw = element?.[1] ?? attribute?.[1] ?? attribute?.[2]
  if (raw === undefined) return null
  try {
    return JSON.parse(unescapeXml(raw.trim()))
  } catch {
    return null
  }
}
