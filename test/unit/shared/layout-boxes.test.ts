import { describe, expect, it } from 'vitest'
import { generateRequestSchema } from '../../../src/shared/generate-request'
import { validate } from '../../../src/shared/validate'

const check = (v: unknown) => validate(generateRequestSchema, { product_image: 'iVBOR', ...(v as object) })

describe('product_box and text_box (issue 10 §5)', () => {
  it('are optional, null by default, and accept boxes inside the canvas', () => {
    const r = check({})
    expect(r.ok && r.value.product_box === null && r.value.text_box === null).toBe(true)
    const ok = check({ product_box: [0.5, 0.1, 0.5, 0.9], text_box: [0, 0, 1, 1] })
    expect(ok.ok).toBe(true)
    if (ok.ok) expect(ok.value.product_box).toEqual([0.5, 0.1, 0.5, 0.9])
  })

  it.each([
    [{ product_box: [0.6, 0.1, 0.5, 0.5] }, 'product_box', /inside the canvas/],
    [{ product_box: [-0.1, 0.1, 0.5, 0.5] }, 'product_box', /inside the canvas/],
    [{ text_box: [0.1, 0.1, 0, 0.5] }, 'text_box', /width and height of at least 0.01/],
    [{ text_box: [0.1, 0.1, 0.5] }, 'text_box', /./],
    [{ product_box: 'left' }, 'product_box', /./],
  ])('refuses %j naming the field', (v, field, rule) => {
    const r = check(v)
    expect(r.ok).toBe(false)
    if (r.ok) return
    const issue = r.issues?.find((i) => i.field === field)
    expect(issue, JSON.stringify(r.issues)).toBeDefined()
    expect(issue!.rule).toMatch(rule)
  })
})
