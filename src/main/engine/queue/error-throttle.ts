/**
 * While Redis is down every BullMQ client reports each reconnect try; the log gets the first error,
 * then one line a minute with how many followed, and one line when the connection is back.
 */
export class ErrorThrottle {
  private last = 0
  private suppressed = 0
  private failing = false

  constructor(
    private readonly log: (message: string) => void,
    private readonly everyMs = 60_000,
  ) {}

  report(message: string): void {
    const now = Date.now()
    this.failing = true
    if (now - this.last < this.everyMs) {
      this.suppressed++
      return
    }
    this.log(this.suppressed ? `${message} (${this.suppressed} more errors since the last report)` : message)
    this.last = now
    this.suppressed = 0
  }

  recovered(message: string): void {
    if (!this.failing) return
    this.failing = false
    this.last = 0
    this.suppressed = 0
    this.log(message)
  }
}
