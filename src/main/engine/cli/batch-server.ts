import { readFile } from 'node:fs/promises'
import { writeFileAtomic } from '../storage/atomic-write'
import type { BatchItem } from './batch-plan'

type Result = { ok: boolean; message: string }

/**
 * `adstudio batch --server`: one POST /generate per ad, queued with the `batch` priority (an editor's
 * jobs go first), then the job is followed until it ends and its final.png is saved. A busy server
 * (503) is asked again after its Retry-After.
 */
export async function runOnServer(server: string, token: string, params: Record<string, unknown>, it: BatchItem, file: string): Promise<Result> {
  const base = server.replace(/\/+$/, '')
  const auth = { Authorization: `Bearer ${token}` }
  const body = JSON.stringify({ ...params, product_image: (await readFile(it.input)).toString('base64'), width: it.width, height: it.height })
  let id: string
  for (;;) {
    const r = await call(`${base}/generate`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', 'X-Job-Priority': 'batch' }, body })
    const b = (await r.json().catch(() => ({}))) as { job_id?: string; detail?: string; retry_after?: number }
    if (r.status === 503) {
      await sleep(Math.min(60, Math.max(1, b.retry_after ?? 5)) * 1000)
      continue
    }
    if (r.status === 401) throw new Error(`the server refused the token (401)`)
    if (r.status !== 200 || !b.job_id) return { ok: false, message: b.detail ?? `the server answered ${r.status}` }
    id = b.job_id
    break
  }
  for (let pause = 300; ; pause = Math.min(pause * 1.5, 3000)) {
    await sleep(pause)
    const r = await call(`${base}/status/${id}?images=false`, { headers: auth })
    if (r.status === 404) return { ok: false, message: `job ${id} was deleted on the server` }
    const s = (await r.json()) as { status: string; message?: string; error?: string | null }
    if (s.status === 'queued' || s.status === 'running') continue
    if (s.status !== 'completed') return { ok: false, message: s.error ?? s.message ?? s.status }
    const img = await call(`${base}/jobs/${id}/images/final.png`, { headers: auth })
    if (img.status !== 200) return { ok: false, message: `job ${id} completed without a final image (${img.status})` }
    await writeFileAtomic(file, Buffer.from(await img.arrayBuffer()))
    return { ok: true, message: 'done' }
  }
}

async function call(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init)
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause
    throw new Error(`cannot reach the server at ${new URL(url).origin}: ${cause?.code ?? (e as Error).message}`)
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
