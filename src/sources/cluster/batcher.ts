/**
 * Folds a burst of watch events into one update: `run` happens `quietMs`
 * after the last event, but no later than `maxWaitMs` after the first one of
 * the burst, so a cluster whose objects change all the time (EndpointSlices of
 * a busy Deployment) still produces updates. Runs never overlap.
 */
export class Batcher {
  private timer: NodeJS.Timeout | undefined
  private firstAt: number | undefined
  private closed = false

  constructor(
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
    private readonly run: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  trigger(): void {
    if (this.closed) return
    const now = this.now()
    this.firstAt ??= now
    if (this.timer) clearTimeout(this.timer)
    const delay = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - now))
    this.timer = setTimeout(() => this.fire(), delay)
  }

  private fire(): void {
    this.timer = undefined
    this.firstAt = undefined
    if (!this.closed) this.run()
  }

  /** Forgets a pending run (its events are already in the state about to be published). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    this.firstAt = undefined
  }

  close(): void {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }
}
