import { BullRunner, QUEUE_NAME } from '../queue/bull-runner'
import { probeRedis, type RedisTarget } from '../queue/redis-url'
import { loadOrCreateWorkerToken } from '../queue/worker-token'
import type { JobService } from '../jobs/job-service'
import type { Io } from './cli-io'

export type OpenedQueue =
  | { ok: true; runner: (svc: JobService) => BullRunner; workerToken: string; announce: (serverUrl: string) => void }
  | { ok: false }

/**
 * `serve --queue`: checks that Redis answers (BullMQ's own client would retry forever), loads or
 * makes the worker token, and hands the job service a BullMQ runner.
 */
export async function openQueue(target: RedisTarget, dataDir: string, userToken: string, io: Io): Promise<OpenedQueue> {
  const probe = await probeRedis(target)
  if (!probe.ok) {
    io.err(`error: --queue: ${probe.problem} (is redis-server running there?)`)
    return { ok: false }
  }
  const wt = await loadOrCreateWorkerToken(dataDir, userToken)
  return {
    ok: true,
    runner: (svc) => new BullRunner(svc, { redis: target }),
    workerToken: wt.token,
    announce: (url) => {
      io.out(`queue: ${target.display} (Redis ${probe.version}), BullMQ queue "${QUEUE_NAME}"; jobs run on adstudio worker processes`)
      io.out(`worker token: ${wt.token} (${wt.generated ? 'new, ' : ''}stored in ${wt.file}; it only opens the /worker routes)`)
      io.out(`start workers: adstudio worker --queue ${target.display} --server ${url} --token <worker token>`)
    },
  }
}
