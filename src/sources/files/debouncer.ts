/**
 * Turns a burst of triggers into one run of `task`, `delayMs` after the last
 * trigger. Runs never overlap: a trigger during a run schedules one more run
 * after it.
 */
export class Debouncer {
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private pending = false
  private closed = false

  constructor(
    private readonly delayMs: number,
    private readonly task: () => Promise<void>,
  ) {}

  trigger(): void {
    if (this.closed) return
    if (this.running) {
      this.pending = true
      return
    }
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => this.run(), this.delayMs)
  }

  private run(): void {
    this.timer = undefined
    this.running = this.task()
      .catch(() => {})
      .finally(() => {
        this.running = undefined
        if (this.pending && !this.closed) {
          this.pending = false
          this.trigger()
        }
      })
  }

  /** Cancels a scheduled run and waits for a running one. */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.running
  }
}
