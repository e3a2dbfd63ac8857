import type { ExportFile } from '../../shared/api-client'
import { FORMAT_MIME, type ExportFormat } from '../lib/file-names'

const mimeOf = (name: string) => FORMAT_MIME[(name.split('.').pop()?.replace('jpg', 'jpeg') ?? 'png') as ExportFormat] ?? 'application/octet-stream'

/** Saves files as browser downloads (a page cannot write into a folder of its choosing). */
export function downloadFiles(files: ExportFile[]): void {
  for (const f of files) {
    const url = URL.createObjectURL(new Blob([f.bytes as BlobPart], { type: mimeOf(f.name) }))
    const a = document.createElement('a')
    a.href = url
    a.download = f.name
    a.rel = 'noopener'
    document.body.appendChild(a)
    a.click()
    a.remove()
    // Revoked later: the download reads the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 60_000)
  }
}
