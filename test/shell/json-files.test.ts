import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/shared/api-client'
import { publicSettings, ShellFiles } from '../../src/main/shell/json-files'

/** settings.json across versions: older files lack fields, hand edits break one; the rest must survive. */
describe('ShellFiles settings', () => {
  let root: string
  let n = 0
  const withFile = async (content: unknown) => {
    const dir = await mkdtemp(join(root, `s${n++}-`))
    await writeFile(join(dir, 'settings.json'), typeof content === 'string' ? content : JSON.stringify(content))
    return { files: new ShellFiles(dir), dir }
  }
  beforeAll(async () => void (root = await mkdtemp(join(tmpdir(), 'json-files-'))))
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('reads a file from before the models endpoint setting: null (the default), the rest kept', async () => {
    const { files: f } = await withFile({ device: 'cpu', language: 'ko', exportFolder: '/out', localApi: { enabled: true, port: 9000, token: null }, lastExportFolder: '/last' })
    const s = await f.load()
    expect(s).toEqual({ device: 'cpu', language: 'ko', exportFolder: '/out', localApi: { enabled: true, port: 9000, token: null }, modelsEndpoint: null, lastExportFolder: '/last' })
    expect(publicSettings(s)).not.toHaveProperty('lastExportFolder')
  })

  it('keeps a saved endpoint; a bad or unknown field falls back alone', async () => {
    expect((await (await withFile({ modelsEndpoint: 'https://hf-mirror.com' })).files.load()).modelsEndpoint).toBe('https://hf-mirror.com')
    const s = await (await withFile({ device: 'gpu', modelsEndpoint: 'ftp://nope', futureField: 1 })).files.load()
    expect(s).toMatchObject({ device: 'gpu', modelsEndpoint: null })
    expect(await (await withFile('{ not json')).files.load()).toEqual({ ...DEFAULT_SETTINGS, lastExportFolder: null })
  })

  it('writes the endpoint with the other settings', async () => {
    const { files: f, dir } = await withFile({})
    await f.load()
    await f.update({ modelsEndpoint: 'https://hf-mirror.com' })
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toEqual({ ...DEFAULT_SETTINGS, modelsEndpoint: 'https://hf-mirror.com', lastExportFolder: null })
    expect((await new ShellFiles(dir).load()).modelsEndpoint).toBe('https://hf-mirror.com')
  })
})
