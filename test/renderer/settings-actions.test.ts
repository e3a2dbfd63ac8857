import { describe, expect, it } from 'vitest'
import { storeWithFake, until } from './fake-api'

const saves = (t: Awaited<ReturnType<typeof storeWithFake>>) => t.fake.calls.filter((c) => c.fn === 'setSettings')

describe('settings actions: where models are downloaded from', () => {
  it('saves a mirror (trimmed); the model listing then reports it', async () => {
    const t = await storeWithFake()
    expect(t.s().settings.modelsEndpoint).toBeNull()
    expect(await t.s().saveModelsEndpoint('  https://hf-mirror.com/  ')).toBe(true)
    expect(saves(t).at(-1)?.args).toEqual([{ modelsEndpoint: 'https://hf-mirror.com/' }])
    expect(t.s().settings.modelsEndpoint).toBe('https://hf-mirror.com/')
    expect(t.s().settingsError).toBeNull()
    await until(() => t.s().modelsEndpoint === 'https://hf-mirror.com')
  })

  it('refuses a bad address before asking main, naming the field, and keeps the saved one', async () => {
    const t = await storeWithFake()
    await t.s().saveModelsEndpoint('http://localhost:8080')
    const before = saves(t).length
    for (const bad of ['hf-mirror.com', 'ftp://hf-mirror.com', 'https://me:pw@hf-mirror.com', 'https://hf-mirror.com/?q=1', 'https://hf-mirror.com/#top', 'https://hf mirror.com']) {
      expect(await t.s().saveModelsEndpoint(bad)).toBe(false)
      expect(t.s().settingsError).toMatchObject({ code: 'invalid_request', detail: expect.stringMatching(/^modelsEndpoint: must/) })
    }
    expect(saves(t)).toHaveLength(before)
    expect(t.s().settings.modelsEndpoint).toBe('http://localhost:8080')
    // A good one afterwards clears the complaint.
    expect(await t.s().saveModelsEndpoint('https://hf-mirror.com')).toBe(true)
    expect(t.s().settingsError).toBeNull()
  })

  it('reset (or an empty field) goes back to the default, and the listing says so', async () => {
    const t = await storeWithFake()
    await t.s().saveModelsEndpoint('https://hf-mirror.com')
    await until(() => t.s().modelsEndpoint === 'https://hf-mirror.com')
    expect(await t.s().resetModelsEndpoint()).toBe(true)
    expect(saves(t).at(-1)?.args).toEqual([{ modelsEndpoint: null }])
    expect(t.s().settings.modelsEndpoint).toBeNull()
    await until(() => t.s().modelsEndpoint === 'https://huggingface.co')

    await t.s().saveModelsEndpoint('https://hf-mirror.com')
    expect(await t.s().saveModelsEndpoint('   ')).toBe(true)
    expect(saves(t).at(-1)?.args).toEqual([{ modelsEndpoint: null }])
  })

  it('a refusal from main rolls the shown value back and keeps main’s message', async () => {
    const t = await storeWithFake()
    t.fake.api.setSettings = async () => ({ ok: false, code: 'invalid_request', message: 'modelsEndpoint: must be an http or https URL, e.g. https://hf-mirror.com' })
    expect(await t.s().saveModelsEndpoint('https://hf-mirror.com')).toBe(false)
    expect(t.s().settings.modelsEndpoint).toBeNull()
    expect(t.s().settingsError?.detail).toMatch(/^modelsEndpoint: /)
  })
})
