#!/usr/bin/env node
// Runs the CLI straight from TypeScript sources through tsx, so `npx adstudio` works right after
// `npm install` with no build step. On an older system Node it re-runs itself on the project's Node 24.
import { ensureProjectNode } from './project-node.mjs'

await ensureProjectNode()
const { register } = await import('tsx/esm/api')
register()
const { main } = await import('../src/main/engine/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
