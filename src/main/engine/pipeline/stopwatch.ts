/** Named durations in milliseconds, rounded, in the order they were measured (job.json timings_ms). */
export class Stopwatch {
  readonly timings: Record<string, number> = {}

  async time<T>(name: string, work: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now()
    try {
      return await work()
    } finally {
      this.add(name, performance.now() - t0)
    }
  }

  add(name: string, ms: number): void {
    this.timings[name] = Math.round(((this.timings[name] ?? 0) + ms) * 10) / 10
  }
}
