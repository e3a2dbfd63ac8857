// The project brings its own Node: the `node` devDependency (npm's node / node-<os>-<arch> packages)
// installs Node 24, the Node that Electron 45 embeds. npm scripts and npx already put it first on PATH;
// this covers `./bin/adstudio.mjs` or `node bin/run-ts.mjs` started by an older system Node, which
// re-runs the same command on the project's Node so the CLI and the tests see one runtime.
// Plain JavaScript that any Node from 14 on can parse: it runs before we know which Node we have.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** The Node major the app ships with (Electron 45's main and utility processes). */
export const SHIPPED_NODE_MAJOR = 24

/** The project's own Node binary and its version, or null when `npm install` has not put one there. */
export function projectNode() {
  const pkgDir = join(ROOT, 'node_modules', 'node')
  const bin = [join(pkgDir, 'bin', 'node'), join(pkgDir, 'bin', 'node.exe')].find((p) => existsSync(p))
  if (!bin) return null
  try {
    const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'))
    return { bin, version: String(version) }
  } catch {
    return null
  }
}

/**
 * Resolves true when this process may go on (already on the shipped major, or no project Node to
 * switch to); otherwise runs the same arguments on the project's Node, mirrors its exit, and never
 * resolves. ADSTUDIO_SYSTEM_NODE=1 keeps whatever Node started us.
 */
export function ensureProjectNode() {
  const major = Number(process.versions.node.split('.')[0])
  if (major === SHIPPED_NODE_MAJOR || process.env.ADSTUDIO_SYSTEM_NODE === '1' || process.env.ADSTUDIO_NODE_SWITCHED === '1') {
    return Promise.resolve(true)
  }
  const own = projectNode()
  if (!own) {
    if (major < 22) process.stderr.write(`warning: Node ${process.version} is older than this project supports (>= 22.12); run \`npm install\` to get the project's Node ${SHIPPED_NODE_MAJOR}\n`)
    return Promise.resolve(true)
  }
  const child = spawn(own.bin, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ADSTUDIO_NODE_SWITCHED: '1' },
  })
  // A terminal's Ctrl-C already reaches the whole process group; a signal sent to this pid alone
  // (a service manager, `kill`) is passed on so the child can shut down cleanly.
  const forward = (sig) => () => {
    if (sig === 'SIGINT' && process.stdin.isTTY) return
    child.kill(sig)
  }
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, forward(sig))
  return new Promise(() => {
    child.on('error', (e) => {
      process.stderr.write(`cannot start the project's Node (${own.bin}): ${e.message}\n`)
      process.exit(1)
    })
    child.on('exit', (code, signal) => {
      if (signal) {
        process.removeAllListeners(signal)
        process.kill(process.pid, signal)
      }
      process.exit(code ?? 1)
    })
  })
}
