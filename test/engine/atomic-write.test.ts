import { execFile, execFileSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/main/engine/storage/atomic-write'
import { REPO_ROOT } from '../helpers/fixtures'

const dirs: string[] = []
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))))
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'adstudio-atomic-'))
  dirs.push(d)
  return d
}

function straceWorks(): boolean {
  if (process.platform !== 'linux') return false
  try {
    execFileSync('strace', ['-qq', '-e', 'trace=none', 'true'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

describe('writeFileAtomic', () => {
  it('replaces the content whole and leaves no temp file', async () => {
    const dir = await tempDir()
    const file = join(dir, 'sub', 'status.json')
    await writeFileAtomic(file, '{"a":1}')
    await writeFileAtomic(file, new TextEncoder().encode('{"a":2}'))
    expect(await readFile(file, 'utf8')).toBe('{"a":2}')
    expect(await readdir(join(dir, 'sub'))).toEqual(['status.json'])
  })

  // What the disk sees, from the system calls of a real process: the bytes are fsynced before the
  // rename and the folder after it; a power cut then leaves the old file or the new, never 0 bytes.
  it.runIf(straceWorks())('fsyncs the file before the rename and the folder after it', async () => {
    const dir = await tempDir()
    const file = join(dir, 'status.json')
    const script = `import { writeFileAtomic } from './src/main/engine/storage/atomic-write.ts'; await writeFileAtomic(${JSON.stringify(file)}, 'x'.repeat(5000))`
    const { stderr } = await promisify(execFile)(
      'strace',
      ['-f', '-qq', '-e', 'trace=openat,fsync,fdatasync,rename,renameat,renameat2,close', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
      { cwd: REPO_ROOT, maxBuffer: 64 << 20 },
    )
    // fd numbers are reused, so follow them in order: what each fsync'd fd was opened as.
    const open = new Map<string, string>()
    const events: string[] = []
    for (const line of stderr.split('\n')) {
      const body = line.replace(/^\[pid\s+\d+\]\s*/, '')
      let m = /^openat\(AT_FDCWD, "([^"]+)".*\) = (\d+)$/.exec(body)
      if (m) open.set(m[2], m[1])
      else if ((m = /^f(?:data)?sync\((\d+)\)\s+= 0$/.exec(body))) events.push(`sync ${open.get(m[1])}`)
      else if ((m = /^rename(?:at2?)?\(.*"([^"]+)",.*"([^"]+)".*\) = 0$/.exec(body))) events.push(`rename ${m[2]}`)
    }
    const mine = events.filter((e) => e.includes(dir))
    const rename = mine.indexOf(`rename ${file}`)
    expect(rename).toBeGreaterThan(0)
    expect(mine.slice(0, rename).some((e) => /^sync .*status\.json\..*\.tmp$/.test(e))).toBe(true)
    expect(mine.slice(rename + 1)).toContain(`sync ${dir}`)
    expect(await readFile(file, 'utf8')).toHaveLength(5000)
  })
})
