import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createCanvas } from '@napi-rs/canvas'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canvasFamily } from '../../../src/main/engine/fonts/canvas-family'
import { bundledFonts, configureFontRoots, listFonts } from '../../../src/main/engine/fonts/font-registry'
import { FontNameError, resolveFont } from '../../../src/main/engine/fonts/resolve-font-name'
import { readFontTables } from '../../../src/main/engine/fonts/font-tables'
import { parseCmap } from '../../../src/main/engine/fonts/cmap'
import { fallbackChain, splitRuns } from '../../../src/main/engine/fonts/font-fallback'

let userDir: string
let outside: string

beforeAll(() => {
  userDir = mkdtempSync(join(tmpdir(), 'adstudio-fonts-'))
  outside = mkdtempSync(join(tmpdir(), 'adstudio-outside-'))
  const jua = bundledFonts().find((f) => f.name === 'Jua/Jua-Regular.ttf')!.path
  mkdirSync(join(userDir, 'Shop'))
  copyFileSync(jua, join(userDir, 'Shop', 'MyFont.ttf'))
  const pretendardDir = join(bundledFonts()[0].path, '..', '..', '..', 'web', 'static', 'woff2')
  mkdirSync(join(userDir, 'Web'))
  copyFileSync(join(pretendardDir, 'Pretendard-Bold.woff2'), join(userDir, 'Web', 'Pretendard-Bold.woff2'))
  copyFileSync(jua, join(outside, 'secret.ttf'))
  symlinkSync(join(outside, 'secret.ttf'), join(userDir, 'escape.ttf'))
  symlinkSync(outside, join(userDir, 'linkdir'))
  mkdirSync(join(userDir, 'Broken'))
  copyFileSync(new URL(import.meta.url).pathname, join(userDir, 'Broken', 'notafont.ttf'))
  configureFontRoots({ userFontsDir: userDir })
})

afterAll(() => {
  configureFontRoots({})
  rmSync(userDir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

/** Ink of one character drawn at 64 px, as a 0/1 bitmap. */
function ink(family: string, ch: string): Uint8Array {
  const c = createCanvas(80, 80)
  const ctx = c.getContext('2d')
  ctx.font = `64px "${family}"`
  ctx.fillStyle = '#fff'
  ctx.fillText(ch, 8, 64)
  const d = ctx.getImageData(0, 0, 80, 80).data
  const out = new Uint8Array(80 * 80)
  for (let i = 0; i < out.length; i++) out[i] = d[i * 4 + 3] > 127 ? 1 : 0
  return out
}
const diff = (a: Uint8Array, b: Uint8Array): number => a.reduce((s, v, i) => s + (v !== b[i] ? 1 : 0), 0)

describe('font listing', () => {
  it('lists at least 8 bundled Hangul families with OFL licences and friendly names', () => {
    const fonts = listFonts()
    const hangulFamilies = new Set(fonts.filter((f) => f.hangul && f.root === 'bundled').map((f) => f.family))
    expect(hangulFamilies.size).toBeGreaterThanOrEqual(8)
    for (const f of fonts.filter((x) => x.root === 'bundled')) {
      expect(f.license).toBe('OFL-1.1')
      expect(f.name).toMatch(/^[A-Za-z0-9]+\/[A-Za-z0-9-]+\.(ttf|otf)$/)
    }
    expect(fonts.map((f) => f.name)).toContain('NanumGothic/NanumGothicBold.ttf')
    expect(fonts.find((f) => f.name === 'BebasNeue/BebasNeue-Regular.ttf')?.hangul).toBe(false)
  })

  it('lists user fonts from the fonts folder, skipping links that leave it and non-fonts', () => {
    const user = listFonts().filter((f) => f.root === 'user')
    expect(user.map((f) => f.name)).toEqual(['Shop/MyFont.ttf', 'Web/Pretendard-Bold.woff2'])
    expect(user[0]).toMatchObject({ family: 'Jua', hangul: true, weight: 400, style: 'normal', license: 'OFL-1.1' })
    expect(user[1]).toMatchObject({ family: 'Pretendard', hangul: true, weight: 700 })
  })

  it('draws real Hangul glyphs in every Hangul font, not tofu', () => {
    for (const f of bundledFonts().filter((x) => x.hangul)) {
      const fam = canvasFamily(f)
      const han = ink(fam, '한')
      const geul = ink(fam, '글')
      const tofu = ink(fam, '\u{E000}') // private use: no font maps it, so this is .notdef
      expect(han.reduce((s, v) => s + v, 0), f.name).toBeGreaterThan(150)
      expect(diff(han, geul), f.name).toBeGreaterThan(150)
      expect(diff(han, tofu), f.name).toBeGreaterThan(150)
    }
  })

  it('draws Hangul from a user WOFF2 font', () => {
    const fam = canvasFamily(resolveFont('Web/Pretendard-Bold.woff2'))
    expect(diff(ink(fam, '한'), ink(fam, '\u{E000}'))).toBeGreaterThan(150)
  })

  it('reads the same cmap from OTF, WOFF and WOFF2 files', () => {
    const dir = join(bundledFonts()[0].path, '..', '..', '..', 'web', 'static')
    const sizes = [
      bundledFonts().find((f) => f.name === 'Pretendard/Pretendard-Bold.otf')!.path,
      join(dir, 'woff', 'Pretendard-Bold.woff'),
      join(dir, 'woff2', 'Pretendard-Bold.woff2'),
    ].map((p) => parseCmap(readFontTables(readFileSync(p), ['cmap']).get('cmap')))
    expect(sizes[0].size).toBeGreaterThan(11172)
    expect(sizes[1].size).toBe(sizes[0].size)
    expect(sizes[2].size).toBe(sizes[0].size)
    expect(sizes[2].has(0xd7a3)).toBe(true)
  })
})

describe('resolveFont', () => {
  it('defaults to a bold Hangul sans and resolves bundled, legacy and user names', () => {
    const def = resolveFont(null)
    expect(def.hangul).toBe(true)
    expect(def.weight).toBeGreaterThanOrEqual(700)
    expect(resolveFont('').name).toBe(def.name)
    expect(resolveFont('NanumGothic/NanumGothicBold.ttf').family).toBe('NanumGothic')
    expect(resolveFont('NanumSquare/NanumSquareB.ttf').name).toBe('NanumGothic/NanumGothicBold.ttf')
    expect(resolveFont('Shop/MyFont.ttf')).toMatchObject({ root: 'user', family: 'Jua' })
  })

  const tricks: [string, RegExp][] = [
    ['../x.ttf', /\.\./],
    ['/etc/passwd', /absolute/],
    ['a/../../b.ttf', /\.\./],
    ['C:\\x.ttf', /backslash/],
    ['C:/x.ttf', /absolute/],
    ['%2e%2e/x.ttf', /URL-encoded/],
    ['x.ttf\0.png', /NUL/],
    ['\uff0e\uff0e/x.ttf', /normalisation/],
    ['fonts/x.exe', /\.ttf/],
    ['escape.ttf', /inside the fonts folder/],
    ['linkdir/secret.ttf', /inside the fonts folder/],
    ['Broken/notafont.ttf', /not a readable font/],
    ['Nope/Missing.ttf', /unknown font.*GET \/fonts/],
  ]
  for (const [name, rule] of tricks) {
    it(`rejects ${JSON.stringify(name)} with a FontNameError naming font_name`, () => {
      let err: unknown
      try {
        resolveFont(name)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(FontNameError)
      const fe = err as FontNameError
      expect(fe.field).toBe('font_name')
      expect(fe.message).toMatch(/^font_name /)
      expect(fe.message).toMatch(rule)
    })
  }
})

describe('glyph fallback', () => {
  it('sends Hangul missing from a Latin font to a Hangul sans of close weight, per run', () => {
    const bebas = resolveFont('BebasNeue/BebasNeue-Regular.ttf')
    const split = splitRuns('SALE 세일!', bebas)
    expect(split.runs.map((r) => [r.text, r.font.name])).toEqual([
      ['SALE ', 'BebasNeue/BebasNeue-Regular.ttf'],
      ['세일', 'Pretendard/Pretendard-ExtraBold.otf'],
      ['!', 'BebasNeue/BebasNeue-Regular.ttf'],
    ])
    expect(split.fallbacks).toEqual([
      { char: '세', font: 'Pretendard/Pretendard-ExtraBold.otf' },
      { char: '일', font: 'Pretendard/Pretendard-ExtraBold.otf' },
    ])
    expect(fallbackChain(bebas)[0].name.startsWith('Pretendard/')).toBe(true)
  })

  it('finds a covering font for rare syllables and reports characters nobody has', () => {
    const jua = resolveFont('Jua/Jua-Regular.ttf')
    const split = splitRuns('똠🍌', jua) // 똠 is outside the 2,350 common syllables Jua draws
    expect(split.fallbacks.map((f) => f.char)).toEqual(['똠'])
    expect(split.missing).toEqual(['🍌'])
  })
})
