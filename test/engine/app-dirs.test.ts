import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultCacheDir } from '../../src/main/engine/ml/app-dirs'
import { defaultModelsDir } from '../../src/main/engine/models/model-dirs'
import { defaultDataDir } from '../../src/main/engine/cli/serve-command'

const linux = process.platform !== 'win32' && process.platform !== 'darwin'

describe.runIf(linux)('XDG base folders', () => {
  it('an empty XDG_DATA_HOME / XDG_CACHE_HOME falls back to the home folder, never a relative path', () => {
    const env = { XDG_DATA_HOME: '', XDG_CACHE_HOME: '' }
    expect(defaultModelsDir(env)).toBe(join(homedir(), '.local', 'share', 'adstudio', 'models'))
    expect(defaultDataDir(env)).toBe(join(homedir(), '.local', 'share', 'adstudio'))
    expect(defaultCacheDir(env)).toBe(join(homedir(), '.cache', 'adstudio'))
  })

  it('a relative XDG value is ignored as the spec says', () => {
    const env = { XDG_DATA_HOME: 'data', XDG_CACHE_HOME: './cache' }
    expect(defaultModelsDir(env)).toBe(join(homedir(), '.local', 'share', 'adstudio', 'models'))
    expect(defaultDataDir(env)).toBe(join(homedir(), '.local', 'share', 'adstudio'))
    expect(defaultCacheDir(env)).toBe(join(homedir(), '.cache', 'adstudio'))
  })

  it('an absolute XDG value is used', () => {
    const env = { XDG_DATA_HOME: '/srv/xdg-data', XDG_CACHE_HOME: '/srv/xdg-cache' }
    expect(defaultModelsDir(env)).toBe('/srv/xdg-data/adstudio/models')
    expect(defaultDataDir(env)).toBe('/srv/xdg-data/adstudio')
    expect(defaultCacheDir(env)).toBe('/srv/xdg-cache/adstudio')
  })
})

describe('ADSTUDIO_* overrides', () => {
  it('win over the platform folders, made absolute; empty ones are ignored', () => {
    expect(defaultModelsDir({ ADSTUDIO_MODELS_DIR: 'my-models' })).toBe(resolve('my-models'))
    expect(defaultCacheDir({ ADSTUDIO_CACHE_DIR: '/tmp/c' })).toBe(resolve('/tmp/c'))
    expect(defaultModelsDir({ ADSTUDIO_MODELS_DIR: '' })).not.toBe('')
    for (const p of [defaultModelsDir({ ADSTUDIO_MODELS_DIR: '' }), defaultCacheDir({ ADSTUDIO_CACHE_DIR: '' })]) {
      expect(p.startsWith(homedir()) || /^[A-Z]:\\/i.test(p)).toBe(true)
    }
  })
})
