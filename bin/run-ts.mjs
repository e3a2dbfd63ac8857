#!/usr/bin/env node
// Runs a TypeScript entry file (benchmarks, sheets) through tsx, on the project's Node 24 (an older
// system Node re-runs the command on it).
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { ensureProjectNode } from './project-node.mjs'

await ensureProjectNode()
const { register } = await import('tsx/esm/api')
register()
const [file, ...rest] = process.argv.slice(2)
process.argv = [process.argv[0], resolve(file), ...rest]
await import(pathToFileURL(resolve(file)).href)
