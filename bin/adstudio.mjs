#!/usr/bin/env node
// Runs the CLI straight from TypeScript sources through tsx, so `npx adstudio` works right after
// `npm install` with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/main/engine/cli/main.ts')
process.exitCode = await main(process.argv.slice(2))
