// Spawned by node-runtime.test.ts through bin/run-ts.mjs: prints the Node it ended up on.
const code = Number(process.argv[2] ?? 0)
process.stdout.write(`${process.version}\n`)
process.exitCode = code
