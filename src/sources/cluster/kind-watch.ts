import {ListWatch, Watch, type KubeConfig, type KubernetesObject} from '@kubernetes/client-node'
import {classify, type KubeFailure} from './failures.js'
import {collectionPath, type WatchedKind} from './kinds.js'
import {listCollection} from './list.js'

export interface Backoff {
  /** First retry delay after a failure. */
  readonly initialMs: number
  /** Longest delay between retries. */
  readonly maxMs: number
}

export const DEFAULT_BACKOFF: Backoff = {initialMs: 250, maxMs: 10_000}

export interface KindWatchOptions {
  readonly kubeConfig: KubeConfig
  /** undefined: every namespace. */
  readonly namespace: string | undefined
  readonly backoff: Backoff
  readonly requestTimeoutMs: number
  /** An object was added, changed or deleted (called once per event; the caller debounces). */
  readonly onChange: () => void
  /** connected/failure changed. */
  readonly onStatus: () => void
}

/**
 * One kind, listed then watched through client-node's ListWatch informer.
 *
 * ListWatch relists by itself after 410 Gone (an ERROR event with code 410
 * clears its resourceVersion; the server then ends the stream) and re-watches
 * when the server closes a watch. It does not restart after an error (a
 * refused connection, a failed list): it reports it on 'error' and stops. This
 * class restarts it with exponential backoff, from the last resourceVersion
 * (a relist when that is too old: 410).
 */
export class KindWatch {
  readonly kind: WatchedKind
  private readonly o: KindWatchOptions
  private readonly informer: ListWatch<KubernetesObject>
  private timer: NodeJS.Timeout | undefined
  private attempts = 0
  private stopped = false
  private starting = false
  /** Listed at least once. */
  synced = false
  /** A watch is established (the last request succeeded). */
  connected = false
  /** The failure since the last successful connection; cleared on success. */
  failure: KubeFailure | undefined
  /** How many reconnect attempts failed in a row. */
  failedAttempts = 0
  /** Set when the kind cannot be read at all (403, 404): watching stopped, objects kept as they are. */
  disabled: KubeFailure | undefined

  constructor(kind: WatchedKind, o: KindWatchOptions) {
    this.kind = kind
    this.o = o
    const path = collectionPath(kind, kind.namespaced && !kind.everyNamespace ? (kind.namespace ?? o.namespace) : undefined)
    const watch = new TrackedWatch(o.kubeConfig, {
      connected: () => this.onConnected(),
    })
    const list = async () => {
      const result = await listCollection(o.kubeConfig, path, {fieldSelector: kind.fieldSelector, labelSelector: kind.labelSelector, timeoutMs: o.requestTimeoutMs})
      this.synced = true
      return result
    }
    this.informer = new ListWatch(path, watch, list, false, kind.labelSelector, kind.fieldSelector)
    this.informer.on('add', () => o.onChange())
    this.informer.on('update', () => o.onChange())
    this.informer.on('delete', () => o.onChange())
    this.informer.on('error', (err) => this.onError(err))
  }

  /** The first list and watch. Resolves when both succeeded, or with the failure (no retry scheduled then: the caller decides). */
  async start(): Promise<KubeFailure | undefined> {
    this.starting = true
    this.failure = undefined
    try {
      await this.informer.start()
    } catch (err) {
      this.onError(err)
    }
    this.starting = false
    return this.failure
  }

  /** After start(): keep the kind up to date, retrying a failed first watch. */
  run(): void {
    if (this.failure && !this.disabled) this.scheduleRestart()
  }

  disable(f: KubeFailure): void {
    this.disabled = f
    this.connected = false
    this.clearTimer()
    void this.informer.stop()
  }

  objects(): ReadonlyArray<KubernetesObject> {
    return this.informer.list()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.clearTimer()
    await this.informer.stop()
  }

  private onConnected(): void {
    if (this.stopped) return
    const changed = !this.connected || this.failure !== undefined
    this.connected = true
    this.failure = undefined
    this.attempts = 0
    this.failedAttempts = 0
    if (changed) this.o.onStatus()
  }

  private onError(err: unknown): void {
    if (this.stopped || this.disabled) return
    this.connected = false
    const f = classify(err)
    if (this.failure) this.failedAttempts++
    this.failure = f
    if (this.starting) return
    // Permission revoked while running: say so once, stop retrying that verb.
    if (f.kind === 'forbidden' && f.verb === 'watch') {
      this.disable(f)
      this.o.onStatus()
      return
    }
    this.scheduleRestart()
    this.o.onStatus()
  }

  private scheduleRestart(): void {
    if (this.stopped || this.timer) return
    const delay = Math.min(this.o.backoff.maxMs, this.o.backoff.initialMs * 2 ** Math.min(this.attempts, 16))
    this.attempts++
    this.timer = setTimeout(() => {
      this.timer = undefined
      if (this.stopped || this.disabled) return
      this.informer.start().catch((err: unknown) => this.onError(err))
    }, delay)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
  }
}

/**
 * client-node's Watch, asking for bookmarks (so a reconnect resumes from a
 * recent resourceVersion), tagging its failures with the verb, and telling
 * when a watch request was accepted.
 */
class TrackedWatch extends Watch {
  constructor(
    config: KubeConfig,
    private readonly hooks: {connected: () => void},
  ) {
    super(config)
  }

  override async watch(
    path: string,
    queryParams: Record<string, unknown>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    let failed = false
    const tagged = (err: unknown) => {
      if (err) {
        failed = true
        if (typeof err === 'object') Object.assign(err as object, {verb: 'watch'})
      }
      done(err)
    }
    let controller: AbortController
    try {
      controller = await super.watch(path, {...queryParams, allowWatchBookmarks: true}, callback, tagged)
    } catch (err) {
      // Watch#watch rejects (instead of calling done) when the credentials cannot be applied (an exec plugin failing).
      tagged(Object.assign(err instanceof Error ? err : new Error(String(err)), {credentials: true}))
      return new AbortController()
    }
    if (!failed) this.hooks.connected()
    return controller
  }
}
