import { execFile, execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/fixtures'
import { productB64 } from './helpers/images'
import { startServer, TEST_TOKEN, type TestServer } from './helpers/server'

/**
 * Seed 002 §8's own Python and cURL clients, taken verbatim from the seed, run against the server.
 * The one addition is the bearer token (the seed's server had no auth), injected around the code,
 * not into it: a requests hook for Python, a curl wrapper function for the shell script.
 */
const seedDir = join(REPO_ROOT, '..', 'shared', 'seeds')
const seedFile = existsSync(seedDir) ? readdirSync(seedDir).find((f) => f.startsWith('002_')) : undefined
const seed = seedFile ? readFileSync(join(seedDir, seedFile), 'utf8') : ''
const has = (cmd: string, args: string[]) => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}
const canPython = !!seed && has('python3', ['-c', 'import requests'])
const canCurl = !!seed && has('curl', ['--version']) && has('jq', ['--version'])

const between = (text: string, start: string, end: string) => text.slice(text.indexOf(start) + start.length, text.indexOf(end, text.indexOf(start)))

let server: TestServer
let work: string

beforeAll(async () => {
  server = await startServer()
  work = await mkdtemp(join(tmpdir(), 'adstudio-seed-clients-'))
  await writeFile(join(work, 'product.png'), Buffer.from(await productB64(), 'base64'))
})
afterAll(async () => {
  await server?.stop()
})

function run(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd: work, timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: `${stdout}${stderr}` }))
  })
}

describe.concurrent('seed 002 §8 client flows, unchanged', () => {
  it.skipIf(!canPython)('the Python client makes an ad and cleans up', async () => {
    const code = between(seed, '8.1. Python', '8.2. JavaScript').replace('BASE_URL = "http://localhost:8000"', `BASE_URL = "${server.url}"`)
    const prelude = [
      'import requests',
      '_request = requests.sessions.Session.request',
      'def _with_token(self, method, url, **kw):',
      `    kw["headers"] = {**(kw.get("headers") or {}), "Authorization": "Bearer ${TEST_TOKEN}"}`,
      '    return _request(self, method, url, **kw)',
      'requests.sessions.Session.request = _with_token',
    ].join('\n')
    await writeFile(join(work, 'client.py'), `${prelude}\n${code}`)
    const r = await run('python3', ['client.py'])
    expect(r.out).toMatch(/Job started: [0-9a-f-]{36}/)
    expect(r.out).toMatch(/Status: completed \| Progress: 100%/)
    expect(r.out).toContain('Job cleaned up')
    expect(r.code).toBe(0)
  })

  it.skipIf(!canCurl)('the cURL script makes an ad', async () => {
    const script = between(seed, '8.3. cURL', '\n9. ').replace('BASE_URL="http://localhost:8000"', `BASE_URL="${server.url}"`)
    const wrapper = `curl() { command curl -H "Authorization: Bearer ${TEST_TOKEN}" "$@"; }\n`
    await writeFile(join(work, 'client.sh'), script.replace('#!/bin/bash\n', `#!/bin/bash\n${wrapper}`))
    const r = await run('bash', ['client.sh'])
    expect(r.out).toMatch(/Job ID: [0-9a-f-]{36}/)
    expect(r.out).toMatch(/Status: completed \| Progress: 100%/)
    expect(r.code).toBe(0)
  })
})
