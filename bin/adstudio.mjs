#!/usr/bin/env node
// The `adstudio` command. Runs the bundle that bin/build-cli.mjs makes (dist/cli, built on `npm
// install`, `npm test`, `npm start`) while it is newer than its sources; otherwise, or with
// ADSTUDIO_FROM_SOURCE=1, the TypeScript sources through tsx, so `npx adstudio` always runs the
// checkout as it is. On an older system Node it re-runs itself on the project's Node 24.
import module from 'node:module'
import { pathToFileURL } from 'node:url'
import { ensureProjectNode } from './project-node.mjs'
import { freshCliBundle } from './cli-bundle.mjs'

await ensureProjectNode()
// V8's code cache on disk (Node >= 22.1; in the OS temp folder): later starts skip compiling the
// bundle and the packages it loads again.
module.enableCompileCache?.()
const bundle = process.env.ADSTUDIO_FROM_SOURCE === '1' ? null : freshCliBundle()
let main
if (bundle) {
  ;({ main } = await import(pathToFileURL(bundle).href))
} else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('../src/main/engine/cli/main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
