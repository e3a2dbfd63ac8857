import { consoleIo, type ExitCode, type Io } from './cli-io'

// Each command's module is imported when that command runs: `make` does not load the HTTP server,
// the job queue or the model downloader (about 0.2 s of a cold start on 2 cores), and `serve` does
// not load what only `make` uses until a job needs it.
const COMMANDS = {
  make: async () => (await import('./make-command')).makeCommand,
  segment: async () => (await import('./segment-command')).segmentCommand,
  serve: async () => (await import('./serve-command')).serveCommand,
  models: async () => (await import('./models-command')).modelsCommand,
  worker: async () => (await import('./worker-command')).workerCommand,
  batch: async () => (await import('./batch-command')).batchCommand,
} satisfies Record<string, () => Promise<(argv: string[], io: Io) => Promise<ExitCode>>>

/** The full help: every command's own usage text (help is rare, so loading them all is fine). */
async function usage(): Promise<string> {
  const [make, segment, serve, models, batch, worker] = await Promise.all([
    import('./make-command'),
    import('./segment-command'),
    import('./serve-command'),
    import('./models-command'),
    import('./batch-command'),
    import('./worker-command'),
  ])
  return `adstudio: offline product ads (cutout, scene, 3D text, composition)

Commands:
  make      make one ad from a product photo
  segment   cut products out: one mask PNG per photo
  serve     the local HTTP API (nanoCocoa-compatible) on 127.0.0.1
  models    list, pull, import, verify or remove generative models; check the GPU
  batch     one ad per photo and size, resumable; here or on a server
  worker    engine workers for \`serve --queue\` (BullMQ in Redis), on any machine

${make.MAKE_USAGE}

${segment.SEGMENT_USAGE}

${serve.SERVE_USAGE}

${models.MODELS_USAGE}

${batch.BATCH_USAGE}

${worker.WORKER_USAGE}`
}

export async function main(argv: string[], io: Io = consoleIo): Promise<ExitCode> {
  const [command, ...rest] = argv
  if (command !== undefined && Object.hasOwn(COMMANDS, command)) {
    const run = await COMMANDS[command as keyof typeof COMMANDS]()
    return run(rest, io)
  }
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(await usage())
      return command === undefined ? 2 : 0
    default:
      io.err(`error: unknown command "${command}"\n\n${await usage()}`)
      return 2
  }
}
