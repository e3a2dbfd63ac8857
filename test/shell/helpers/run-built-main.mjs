// Runs the BUILT main bundle (argv[2], out/main/index.js) in this plain Node process with `electron`
// resolved to test/helpers/electron-stub.ts, lets Electron's 'ready' fire, waits for the app to come
// up (a window), fail (an error dialog) or exit, and prints one line `RESULT {json}`: what the stub
// saw, every native library loaded through process.dlopen, and (Linux) the mapped `.node` files and
// native image/ML libraries. Env: STUB_LOCK=0 denies the single-instance lock; STUB_FAIL_PATH=<name>
// makes app.getPath(name) throw; CALL_IPC=<channels> invokes IPC handlers as the page; ALSO_IMPORT=<module> imports a module after main (the check's control).
import { readFileSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { pathToFileURL } from 'node:url'

const dlopened = []
const dlopen = process.dlopen
process.dlopen = function (module, filename, ...rest) {
  dlopened.push(String(filename))
  return dlopen.call(this, module, filename, ...rest)
}

const stubUrl = new URL('../../helpers/electron-stub.ts', import.meta.url).href
registerHooks({
  resolve: (specifier, context, next) => (specifier === 'electron' ? { url: stubUrl, shortCircuit: true, format: 'module' } : next(specifier, context)),
})
const { stub, app } = await import(stubUrl)
if (process.env.STUB_LOCK === '0') stub.singleInstanceLock = false
if (process.env.STUB_FAIL_PATH) {
  const getPath = app.getPath.bind(app)
  app.getPath = (name) => {
    if (name === process.env.STUB_FAIL_PATH) throw new Error(`Failed to get '${name}' path`)
    return getPath(name)
  }
}

let importError = null
try {
  await import(pathToFileURL(process.argv[2]).href)
  if (process.env.ALSO_IMPORT) await import(process.env.ALSO_IMPORT)
} catch (e) {
  importError = String(e?.stack ?? e)
}
stub.ready()
const settled = () => stub.windows.length > 0 || stub.errorBoxes.length > 0 || stub.calls.some((c) => c[0] === 'app.exit')
for (let i = 0; i < 300 && !settled() && !importError; i++) await new Promise((r) => setTimeout(r, 50))
// A moment for anything start() still kicks off once the window exists.
await new Promise((r) => setTimeout(r, 300))

// CALL_IPC=a,b: invoke these channels as the app's own page would (the editor lists fonts on load).
const ipcResults = {}
for (const channel of (process.env.CALL_IPC ?? '').split(',').filter(Boolean)) {
  const wc = stub.windows[0]?.webContents
  const handler = stub.ipcHandlers.get(channel)
  if (!wc || !handler) {
    ipcResults[channel] = 'no handler'
    continue
  }
  const r = await handler({ sender: wc, senderFrame: wc.mainFrame }, undefined)
  ipcResults[channel] = r && typeof r === 'object' && 'ok' in r ? r.ok : 'answered'
}

let mapped = []
try {
  mapped = [...new Set(readFileSync('/proc/self/maps', 'utf8').split('\n').map((l) => l.split(/\s+/)[5] ?? '').filter(Boolean))]
} catch {
  // Not Linux: process.dlopen is the check.
}
const NATIVE = /\.node$|libvips|onnxruntime|skia|libheif|libcairo/i
const result = {
  importError,
  dlopened,
  nativeMapped: mapped.filter((p) => NATIVE.test(p)),
  mapsRead: mapped.length > 0,
  windows: stub.windows.map((w) => ({ loaded: w.loaded })),
  ipcChannels: [...stub.ipcHandlers.keys()],
  protocols: [...stub.protocolHandlers.keys()],
  utilityProcesses: stub.utilityProcesses.map((p) => ({ modulePath: p.modulePath, serviceName: p.options.serviceName })),
  exits: stub.calls.filter((c) => c[0] === 'app.exit').map((c) => c[1]),
  errorBoxes: stub.errorBoxes,
  ipcResults,
}
process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`)
process.exit(0)
