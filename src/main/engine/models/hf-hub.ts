/**
 * Hugging Face Hub access: endpoint (mirror) and token settings, the repository listing with file
 * sizes and hashes, file URLs, and plain-words errors for 401/403/404 and gated repositories (the
 * Hub says which in its X-Error-Code header: GatedRepo, RepoNotFound, RevisionNotFound, EntryNotFound).
 */
import type { IncomingHttpHeaders } from 'node:http'
import { EngineError } from '../errors'
import { httpGet, readText } from './http-get'

export interface HubSettings {
  /** https://huggingface.co, or a mirror such as https://hf-mirror.com (HF_ENDPOINT). */
  endpoint: string
  /** Access token for gated or private repositories (HF_TOKEN). */
  token: string | null
}

export function hubSettings(overrides: Partial<HubSettings> = {}, env: NodeJS.ProcessEnv = process.env): HubSettings {
  const endpoint = (overrides.endpoint ?? env.ADSTUDIO_HF_ENDPOINT ?? env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '')
  return { endpoint, token: overrides.token ?? env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ?? null }
}

export interface RepoFile {
  path: string
  size: number | null
  /** SHA-256 of LFS files (the Hub's ETag for large files). */
  sha256: string | null
  /** Git blob id (sha1 of "blob <len>\0" + content) of small, non-LFS files. */
  gitBlobId: string | null
}

export interface RepoListing {
  /** The commit the revision resolved to (recorded in the manifest). */
  commit: string | null
  gated: boolean
  files: RepoFile[]
}

const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/')

export function fileUrl(s: HubSettings, repo: string, revision: string, path: string): string {
  return `${s.endpoint}/${repo}/resolve/${encodeURIComponent(revision)}/${encodePath(path)}`
}

export function authHeaders(s: HubSettings): Record<string, string> {
  return s.token ? { authorization: `Bearer ${s.token}` } : {}
}

/** Turns a failed Hub answer into an error a user can act on. */
export function hubError(status: number, headers: IncomingHttpHeaders, repo: string, what: string, s: HubSettings): EngineError {
  const code = String(headers['x-error-code'] ?? '')
  const page = `${s.endpoint}/${repo}`
  if (code === 'GatedRepo' || ((status === 401 || status === 403) && /gated/i.test(String(headers['x-error-message'] ?? ''))))
    return new EngineError(
      'model_unavailable',
      s.token
        ? `${repo} is a gated repository and this token has no access yet: accept its terms at ${page} with the same account`
        : `${repo} is a gated repository: accept its terms at ${page}, then set HF_TOKEN to an access token of that account`,
    )
  if (status === 401) return new EngineError('model_unavailable', `${repo}: the Hub asks for a login (${what}); set HF_TOKEN if the repository is private, or check the name`)
  if (status === 403) return new EngineError('model_unavailable', `${repo}: access refused (${what}); the token may lack read permission`)
  if (status === 404) {
    if (code === 'RevisionNotFound') return new EngineError('model_unavailable', `${repo}: revision not found (${what})`)
    if (code === 'EntryNotFound') return new EngineError('model_unavailable', `${repo}: file not found: ${what}`)
    return new EngineError('model_unavailable', `${repo}: repository not found on ${s.endpoint} (${what}); it may have been renamed or made private`)
  }
  if (status === 429) return new EngineError('model_unavailable', `${s.endpoint} is rate-limiting downloads: try again in a few minutes`)
  return new EngineError('model_unavailable', `${repo}: the Hub answered HTTP ${status} for ${what}`)
}

interface ApiSibling {
  rfilename?: string
  size?: number
  blobId?: string
  lfs?: { sha256?: string; size?: number }
}

/** Lists a repository at a revision with sizes and hashes (GET /api/models/{repo}/revision/{rev}?blobs=true). */
export async function listRepo(s: HubSettings, repo: string, revision: string, signal?: AbortSignal): Promise<RepoListing> {
  const url = `${s.endpoint}/api/models/${repo}/revision/${encodeURIComponent(revision)}?blobs=true`
  const res = await httpGet(url, { headers: authHeaders(s), signal })
  if (res.status !== 200) {
    res.body.resume()
    throw hubError(res.status, res.headers, repo, `listing ${revision}`, s)
  }
  let info: { sha?: string; gated?: unknown; siblings?: ApiSibling[] }
  try {
    info = JSON.parse(await readText(res.body))
  } catch {
    throw new EngineError('model_unavailable', `${repo}: the Hub's file list could not be read (is ${s.endpoint} a Hugging Face endpoint?)`)
  }
  return {
    commit: typeof info.sha === 'string' ? info.sha : null,
    gated: info.gated === true || info.gated === 'auto' || info.gated === 'manual',
    files: (info.siblings ?? [])
      .filter((f): f is ApiSibling & { rfilename: string } => typeof f.rfilename === 'string')
      .map((f) => ({
        path: f.rfilename,
        size: f.lfs?.size ?? f.size ?? null,
        sha256: f.lfs?.sha256 ?? null,
        gitBlobId: f.lfs ? null : (f.blobId ?? null),
      })),
  }
}
