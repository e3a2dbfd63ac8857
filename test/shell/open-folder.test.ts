import { mkdtemp, writeFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { appPaths } from '../../src/main/shell/app-paths'
import { openFolder } from '../../src/main/shell/desktop-services'
import { stub } from '../helpers/electron-stub'

/** The user's fonts folder (issue 16, item 2): under the user-data folder, created, opened by Settings. */
describe('app folders', () => {
  beforeEach(() => stub.reset())

  it('the fonts folder lives in user data (writable in an AppImage and a signed .app); the environment still wins', () => {
    expect(appPaths({ userData: '/home/u/.config/Ad Studio', env: {} }).fontsDir).toBe('/home/u/.config/Ad Studio/fonts')
    expect(appPaths({ userData: '/x', env: { ADSTUDIO_FONTS_DIR: '/my/fonts' } }).fontsDir).toBe('/my/fonts')
  })

  it('Open creates a missing folder, then shows it in the file manager', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'open-folder-')), 'fonts')
    expect(await openFolder(dir)).toEqual({ ok: true, value: null })
    expect(existsSync(dir)).toBe(true)
    expect(stub.calls).toContainEqual(['shell.openPath', dir])
  })

  it('a folder that cannot be made is a failure naming it, and nothing is opened', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'open-folder-')), 'a-file')
    await writeFile(file, '')
    const r = await openFolder(join(file, 'fonts'))
    expect(r).toMatchObject({ ok: false, code: 'internal', message: expect.stringContaining(join(file, 'fonts')) })
    expect(stub.calls.filter((c) => c[0] === 'shell.openPath')).toEqual([])
  })
})
