// `adstudio serve` as its own process for the service tests and the bench (the same function the
// CLI's `serve` command calls), so they do not depend on how main.ts dispatches commands.
import { consoleIo } from '../../../src/main/engine/cli/cli-io'
import { serveCommand } from '../../../src/main/engine/cli/serve-command'

process.exitCode = await serveCommand(process.argv.slice(2), consoleIo)
