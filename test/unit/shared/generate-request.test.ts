import { describe, expect, it } from 'vitest'
import { generateRequestSchema } from '../../../src/shared/generate-request'
import { validate } from '../../../src/shared/validate'

const check = (v: unknown) => validate(generateRequestSchema, v)

describe('generate request schema (nanoCocoa seed 002 fields)', () => {
  it('fills nanoCocoa defaults', () => {
    const r = check({ product_image: 'iVBOR' })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.value).toMatchObject({
      start_step: 1,
      stop_step: 3,
      text_content: null,
      composition_mode: 'overlay',
      text_position: 'top',
      composition_strength: 0.4,
      strength: 0.6,
      guidance_scale: 3.5,
      num_inference_steps: 4,
      font_name: null,
      width: 1024,
      height: 1024,
    })
  })

  it.each([
    [{ guidance_scale: 20.5 }, 'guidance_scale: must be at most 20'],
    [{ guidance_scale: -1 }, 'guidance_scale: must be at least 0'],
    [{ num_inference_steps: 0 }, 'num_inference_steps: must be at least 1'],
    [{ num_inference_steps: 51 }, 'num_inference_steps: must be at most 50'],
    [{ num_inference_steps: 2.5 }, 'num_inference_steps: must be an integer'],
    [{ strength: 1.5 }, 'strength: must be at most 1'],
    [{ composition_strength: '0.4' }, 'composition_strength: must be a number'],
    [{ composition_mode: 'multiply' }, 'composition_mode: must be one of "overlay", "blend", "behind"'],
    [{ text_position: 'left' }, 'text_position: must be one of "top", "center", "bottom", "auto"'],
    [{ width: 4096 }, 'width: must be at most 2048'],
    [{ height: 100 }, 'height: must be at least 256'],
    [{ seed: -1 }, 'seed: must be at least 0'],
    [{ start_step: 4 }, 'start_step: must be at most 3'],
    [{ text_content: 'x'.repeat(501) }, 'text_content: must be at most 500 characters'],
    [{ product_image: '' }, 'product_image: must not be empty'],
  ])('%j → %s', (patch, message) => {
    const r = check({ product_image: 'iVBOR', ...patch })
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.code).toBe('invalid_request')
    expect(r.message).toContain(message)
  })

  it('refuses unknown fields and lists them', () => {
    const r = check({ product_image: 'x', colour: 'red', bg_promt: 'typo' })
    expect(r).toMatchObject({ ok: false, code: 'unknown_fields' })
    if (r.ok) return
    expect(r.issues?.map((i) => i.field).sort()).toEqual(['bg_promt', 'colour'])
  })

  it.each(['../x.ttf', '/etc/passwd.ttf', 'a/../../b.ttf', 'C:\\x.ttf', 'C:/x.ttf', '%2e%2e/x.ttf', 'a\0.ttf', './a.ttf', 'a//b.ttf', 'font.exe'])(
    'font_name %j is refused with the rule',
    (font_name) => {
      const r = check({ product_image: 'x', font_name })
      expect(r.ok).toBe(false)
      if (r.ok) return
      expect(r.issues?.[0].field).toBe('font_name')
      expect(r.issues?.[0].rule).toMatch(/must/)
    },
  )

  it('accepts a relative font path', () => {
    expect(check({ product_image: 'x', font_name: 'NanumSquare/NanumSquareB.ttf' }).ok).toBe(true)
  })

  it('checks required-if rules up front, not in a worker', () => {
    expect(check({ start_step: 2 })).toMatchObject({
      ok: false,
      issues: [
        { field: 'step1_image', rule: 'is required when start_step is 2 or 3' },
        { field: 'text_content', rule: 'is required when start_step is 2 (the text to render)' },
      ],
    })
    const r3 = check({ start_step: 3, step1_image: 'x' })
    expect(r3).toMatchObject({ ok: false, issues: [{ field: 'step2_image' }] })
    expect(check({ start_step: 2, stop_step: 1, step1_image: 'x', text_content: 'Sale' })).toMatchObject({ ok: false, issues: [{ field: 'stop_step' }] })
    expect(check({ start_step: 3, step1_image: 'x', step2_image: 'y' }).ok).toBe(true)
  })
})
