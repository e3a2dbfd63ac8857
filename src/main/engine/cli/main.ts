import { makeCommand, MAKE_USAGE } from './make-command'
import { segmentCommand, SEGMENT_USAGE } from './segment-command'
import { serveCommand, SERVE_USAGE } from './serve-command'
import { modelsCommand, MODELS_USAGE } from './models-command'
import { workerCommand, WORKER_USAGE } from './worker-command'
import { batchCommand, BATCH_USAGE } from './batch-command'
import { consoleIo, type ExitCode, type Io } from './cli-io'

const USAGE = `adstudio: offline product ads (cutout, scene, 3D text, composition)

Commands:
  make      make one ad from a product photo
  segment   cut products out: one mask PNG per photo
  serve     the local HTTP API (nanoCocoa-compatible) on 127.0.0.1
  models    list, pull, import, verify or remove generative models; check the GPU
  batch     one ad per photo and size, resumable; here or on a server
  worker    engine workers for \`serve --queue\` (BullMQ in Redis), on any machine

${MAKE_USAGE}

${SEGMENT_USAGE}

${SERVE_USAGE}

${MODELS_USAGE}

${BATCH_USAGE}

${WORKER_USAGE}`

export async function main(argv: string[], io: Io = consoleIo): Promise<ExitCode> {
  const [command, ...rest] = argv
  switch (command) {
    case 'make':
      return makeCommand(rest, io)
    case 'segment':
      return segmentCommand(rest, io)
    case 'serve':
      return serveCommand(rest, io)
    case 'models':
      return modelsCommand(rest, io)
    case 'worker':
      return workerCommand(rest, io)
    case 'batch':
      return batchCommand(rest, io)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE)
      return command === undefined ? 2 : 0
    default:
      io.err(`error: unknown command "${command}"\n\n${USAGE}`)
      return 2
  }
}
