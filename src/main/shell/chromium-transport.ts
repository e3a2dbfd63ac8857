/**
 * Model downloads in the desktop app go through Chromium's network stack (Electron `net`): the
 * system proxy settings, PAC/WPAD, proxy authentication and the OS certificate store, as the user's
 * browser sees them, where Node's own stack sees none of these. `net.request` rather than
 * `net.fetch`: with fetch's `redirect: 'manual'` a redirect is an opaque response without headers,
 * and the Hub puts the file's SHA-256 and size on its redirect to the CDN.
 *
 * Installed in main with setHttpTransport (models/http-get.ts); the CLI and server keep undici.
 */
import { net, session, type Session } from 'electron'
import type { IncomingHttpHeaders } from 'node:http'
import { PassThrough } from 'node:stream'
import type { HttpTransport } from '../engine/models/http-get'

let downloads: Session | null = null

/** Its own in-memory session: none of the window's CSP hooks, no cookies, nothing written to disk. */
function downloadSession(): Session {
  downloads ??= session.fromPartition('adstudio-model-downloads', { cache: false })
  return downloads
}

function lowerHeaders(raw: Record<string, string | string[]>): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {}
  for (const [k, v] of Object.entries(raw)) out[k.toLowerCase()] = Array.isArray(v) && k.toLowerCase() !== 'set-cookie' ? v.join(', ') : v
  return out
}

export const chromiumTransport: HttpTransport = (url, init) =>
  new Promise((resolve, reject) => {
    if (init.signal?.aborted) return reject(init.signal.reason)
    const req = net.request({ url: url.toString(), method: 'GET', redirect: 'manual', session: downloadSession(), credentials: 'omit', useSessionCookies: false, cache: 'no-store' })
    for (const [k, v] of Object.entries(init.headers)) req.setHeader(k, v)
    let settled = false
    let body: PassThrough | null = null
    let timer: ReturnType<typeof setTimeout> | null = null
    const fail = (e: Error) => {
      if (timer) clearTimeout(timer)
      req.abort()
      if (!settled) {
        settled = true
        reject(e)
      } else body?.destroy(e)
    }
    // No byte for idleTimeoutMs, before or during the body: give up (download-file retries).
    const arm = () => {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => fail(new Error(settled ? 'the transfer stalled' : `no answer from ${url.host} for ${init.idleTimeoutMs / 1000} s`)), init.idleTimeoutMs)
    }
    const onAbort = () => fail(init.signal?.reason instanceof Error ? init.signal.reason : new Error('aborted'))
    init.signal?.addEventListener('abort', onAbort, { once: true })
    const done = () => {
      if (timer) clearTimeout(timer)
      init.signal?.removeEventListener('abort', onAbort)
    }

    req.on('redirect', (status, _method, redirectUrl, headers) => {
      // Not followed here: httpGet follows it itself (and drops the token on another host).
      settled = true
      done()
      req.abort()
      const empty = new PassThrough()
      empty.end()
      resolve({ status, headers: { ...lowerHeaders(headers), location: redirectUrl }, body: empty })
    })
    req.on('response', (res) => {
      settled = true
      const pass = new PassThrough()
      body = pass
      // Electron's IncomingMessage is a Readable at run time; its typings leave pause/resume out.
      const flow = res as unknown as NodeJS.ReadableStream
      res.on('data', (chunk: Buffer) => {
        arm()
        if (!pass.write(chunk)) {
          flow.pause()
          pass.once('drain', () => flow.resume())
        }
      })
      res.on('end', () => {
        done()
        pass.end()
      })
      res.on('error', (e: Error) => {
        done()
        pass.destroy(e)
      })
      res.on('aborted', () => {
        done()
        pass.destroy(new Error('the connection was closed'))
      })
      // The reader going away (a cancel) stops the request.
      pass.on('close', () => {
        if (!pass.writableFinished) fail(new Error('cancelled'))
      })
      arm()
      resolve({ status: res.statusCode, headers: lowerHeaders(res.headers), body: pass })
    })
    req.on('error', (e) => {
      done()
      fail(e)
    })
    arm()
    req.end()
  })
