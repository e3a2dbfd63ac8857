import { describe, expect, it } from 'vitest'
import { signatureValid, signedUrl, SIGNED_URL_TTL_S } from '../../src/main/engine/api/signed-urls'

describe('signed image URLs (signed-urls.ts)', () => {
  const issued = Date.UTC(2026, 0, 1)
  const origin = 'http://127.0.0.1:1'
  const path = signedUrl(origin, '/jobs/x/samples/1.png', 'tok-a', issued).slice(origin.length)

  it('are valid for their own path until they expire', () => {
    expect(path).toMatch(/^\/jobs\/x\/samples\/1\.png\?exp=\d+&sig=[\w-]{43}$/)
    expect(signatureValid(path, 'tok-a', issued + 1000)).toBe(true)
    expect(signatureValid(path, 'tok-a', issued + (SIGNED_URL_TTL_S - 1) * 1000)).toBe(true)
    expect(signatureValid(path, 'tok-a', issued + (SIGNED_URL_TTL_S + 1) * 1000)).toBe(false)
    expect(signatureValid(path.replace('/samples/1.png', '/samples/2.png'), 'tok-a', issued + 1000)).toBe(false)
  })

  it('need the token that signed them, and never open a route other than an image', () => {
    expect(signatureValid(path, 'tok-b', issued + 1000)).toBe(false)
    expect(signatureValid(signedUrl('', '/jobs', 'tok-a', issued), 'tok-a', issued + 1000)).toBe(false)
    expect(signatureValid(signedUrl('', '/jobs/x/images/../../health.png', 'tok-a', issued), 'tok-a', issued + 1000)).toBe(false)
  })
})
