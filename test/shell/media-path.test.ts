import { describe, expect, it } from 'vitest'
import { checkMediaUrl, isInsideRoot, safeSegments } from '../../src/main/shell/media-path'

const ROOT = '/data/jobs'
const ID = '0b8f2a3e-1c2d-4e5f-8a9b-0c1d2e3f4a5b'

describe('app-media:// path checks', () => {
  it('serves the four job images of a job inside the jobs folder', () => {
    for (const image of ['step1', 'mask', 'step2', 'final']) {
      const r = checkMediaUrl(`app-media://job/${ID}/${image}.png`, ROOT)
      expect(r).toEqual({ ok: true, target: { kind: 'job-image', jobId: ID, path: `${ROOT}/${ID}/${image}.png`, root: ROOT } })
    }
  })

  it('serves the product photo a job keeps as job/<id>/product (its inputs folder; the handler finds product.<ext>)', () => {
    expect(checkMediaUrl(`app-media://job/${ID}/product`, ROOT)).toEqual({ ok: true, target: { kind: 'job-product', jobId: ID, path: `${ROOT}/${ID}/inputs`, root: ROOT } })
    for (const bad of ['product.jpg', 'inputs/product.jpg', 'product/x', 'Product'])
      expect(checkMediaUrl(`app-media://job/${ID}/${bad}`, ROOT).ok, bad).toBe(false)
    expect(checkMediaUrl('app-media://job/not-a-job/product', ROOT).ok).toBe(false)
  })

  it('serves the scene variations of a job (step1_sample_1..8), and no other sample name', () => {
    for (const n of [1, 2, 8]) {
      const r = checkMediaUrl(`app-media://job/${ID}/step1_sample_${n}.png`, ROOT)
      expect(r).toEqual({ ok: true, target: { kind: 'job-image', jobId: ID, path: `${ROOT}/${ID}/step1_sample_${n}.png`, root: ROOT } })
    }
    for (const bad of ['step1_sample_0.png', 'step1_sample_9.png', 'step1_sample_01.png', 'step1_sample_.png', 'step1_sample_1.jpg', 'step1_sample_1.png.tmp', 'sample-1.png'])
      expect(checkMediaUrl(`app-media://job/${ID}/${bad}`, ROOT).ok, bad).toBe(false)
    expect(checkMediaUrl(`app-media://job/${ID}/..%2fstep1_sample_1.png`, ROOT).ok).toBe(false)
    expect(checkMediaUrl(`app-media://job/${ID}/x/step1_sample_1.png`, ROOT).ok).toBe(false)
  })

  it.each([
    ['parent segment', `app-media://job/${ID}/../final.png`],
    ['encoded parent', `app-media://job/${ID}/%2e%2e/final.png`],
    ['encoded slash', `app-media://job/${ID}%2f..%2f..%2fetc/final.png`],
    ['encoded backslash', `app-media://job/${ID}/..%5cfinal.png`],
    ['NUL', `app-media://job/${ID}/final.png%00.txt`],
    ['absolute path in a segment', `app-media://job/%2Fetc%2Fpasswd/final.png`],
    ['drive letter', `app-media://job/C:/final.png`],
    ['not a job id', 'app-media://job/..%2F..%2Fhome/final.png'],
    ['job id pattern but not an image', `app-media://job/${ID}/request.json`],
    ['inputs are not served', `app-media://job/${ID}/inputs/product.png`],
    ['other root', 'app-media://home/user/.ssh/id_rsa'],
    ['other root (file)', 'file:///etc/passwd'],
    ['other scheme', `http://job/${ID}/final.png`],
    ['query', `app-media://job/${ID}/final.png?x=1`],
    ['empty segment', `app-media://job/${ID}//final.png`],
    ['too deep', `app-media://job/${ID}/x/final.png`],
    ['not a URL', 'job/x/final.png'],
  ])('refuses %s', (_what, url) => {
    expect(checkMediaUrl(url, ROOT).ok).toBe(false)
  })

  it('normalises dot segments in the URL itself before anything else (and still lands on a job image or refuses)', () => {
    // WHATWG URL parsing resolves literal `..` at the path level: /job/<id>/../<id>/final.png is <id>/final.png.
    const r = checkMediaUrl(`app-media://job/${ID}/../${ID}/final.png`, ROOT)
    expect(r.ok && r.target.kind === 'job-image' && r.target.path).toBe(`${ROOT}/${ID}/final.png`)
  })

  it('checks font names with the same rules as the API', () => {
    expect(checkMediaUrl('app-media://font/NanumGothic/NanumGothicBold.ttf', ROOT)).toEqual({ ok: true, target: { kind: 'font', name: 'NanumGothic/NanumGothicBold.ttf' } })
    expect(checkMediaUrl('app-media://font/Pretendard/Pretendard-Bold.otf', ROOT).ok).toBe(true)
    expect(checkMediaUrl('app-media://font/..%2F..%2Fetc/passwd.ttf', ROOT).ok).toBe(false)
    expect(checkMediaUrl('app-media://font/evil/notes.txt', ROOT).ok).toBe(false)
    expect(checkMediaUrl('app-media://font/a%5Cb.ttf', ROOT).ok).toBe(false)
  })

  it('splits segments safely', () => {
    expect(safeSegments('/a/b%20c')).toEqual(['a', 'b c'])
    expect(safeSegments('/a/%E0%A4%A')).toBe('malformed escape')
    expect(safeSegments('/a/./b')).toMatch(/segment/)
  })

  it('isInsideRoot: the root and below, nothing beside or above', () => {
    expect(isInsideRoot('/data/jobs', '/data/jobs')).toBe(true)
    expect(isInsideRoot('/data/jobs/x/final.png', '/data/jobs')).toBe(true)
    expect(isInsideRoot('/data/jobs/../secret', '/data/jobs')).toBe(false)
    expect(isInsideRoot('/data/jobs-other/x', '/data/jobs')).toBe(false)
    expect(isInsideRoot('/etc/passwd', '/data/jobs')).toBe(false)
    expect(isInsideRoot('/data/jobs/..x/final.png', '/data/jobs')).toBe(true)
  })
})

describe('app-media:// symlinks', () => {
  it('follows a link that stays inside the jobs folder and refuses one that leads out', async () => {
    const { mkdtemp, mkdir, writeFile, symlink } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const { realJobImagePath } = await import('../../src/main/shell/media-path')
    const base = await mkdtemp(join(tmpdir(), 'media-'))
    const root = join(base, 'jobs')
    await mkdir(join(root, ID), { recursive: true })
    await writeFile(join(base, 'secret.png'), 'outside')
    await writeFile(join(root, ID, 'step1.png'), 'inside')
    await symlink(join(base, 'secret.png'), join(root, ID, 'final.png'))
    await symlink(join(root, ID, 'step1.png'), join(root, ID, 'step2.png'))
    const target = (image: string) => {
      const r = checkMediaUrl(`app-media://job/${ID}/${image}.png`, root)
      if (!r.ok || r.target.kind !== 'job-image') throw new Error('expected a job image')
      return r.target
    }
    expect(await realJobImagePath(target('final'))).toBeNull()
    expect(await realJobImagePath(target('step2'))).toMatch(/step1\.png$/)
    await expect(realJobImagePath(target('mask'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
