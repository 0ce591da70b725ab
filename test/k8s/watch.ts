/**
 * One watch connection: a chunked HTTP response streaming newline-delimited
 * `{"type":...,"object":...}` events, like kube-apiserver's watch cache
 * (k8s.io/apiserver/pkg/storage/cacher/cache_watcher.go).
 */
import type {ServerResponse} from 'node:http'
import type {ResourceInfo} from './resources.js'
import {apiVersionOf} from './resources.js'
import type {Matcher} from './selectors.js'
import * as S from './status.js'
import type {ChangeEvent, KubeObj, Store} from './store.js'

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'

export interface WatchSpec {
  info: ResourceInfo
  /** Only this namespace; undefined for cluster-scoped kinds and all-namespaces watches. */
  namespace?: string
  labels: Matcher
  fields: Matcher
  allowBookmarks: boolean
}

export class WatchConnection {
  private unsubscribe: (() => void) | undefined
  private timer: NodeJS.Timeout | undefined
  private bookmarkTimer: NodeJS.Timeout | undefined
  private closed = false
  /** Last resourceVersion this watcher has been sent (or started from). */
  private lastRV: number
  /** Changes at or below this resourceVersion are not sent (they were replayed, or precede the requested version). */
  private startRV = 0
  readonly events: WatchEventType[] = []

  constructor(
    private readonly res: ServerResponse,
    readonly spec: WatchSpec,
    private readonly store: Store,
    private readonly onClose: (w: WatchConnection) => void,
  ) {
    this.lastRV = store.resourceVersion
    res.on('close', () => this.cleanup())
  }

  get isOpen(): boolean {
    return !this.closed
  }

  /**
   * Start streaming. `resourceVersion` undefined/'' or '0' first sends the
   * current objects as ADDED events (the documented "Get State and Start at
   * Most Recent" / "Start at Any" semantics); a concrete version replays the
   * history after it, or sends an ERROR 410 event and ends if it was compacted.
   */
  start(resourceVersion: string | undefined, opts: {timeoutMs: number; bookmarkIntervalMs: number; sendInitialEvents: boolean}): void {
    this.res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    })
    this.res.flushHeaders()
    const initial = resourceVersion === undefined || resourceVersion === '' || resourceVersion === '0' || opts.sendInitialEvents
    if (initial) {
      const ns = this.spec.info.namespaced ? this.spec.namespace : undefined
      for (const obj of this.store.list(this.spec.info, ns)) if (this.matches(obj)) this.send('ADDED', obj)
      this.lastRV = this.store.resourceVersion
      if (opts.sendInitialEvents && this.spec.allowBookmarks) {
        // KEP-3157 streaming lists: a bookmark annotated k8s.io/initial-events-end marks the end of the initial state.
        this.sendBookmark({'k8s.io/initial-events-end': 'true'})
      }
    } else {
      // The caller rejected non-numeric versions with a 400 before the stream started.
      const rv = Number(resourceVersion)
      if (this.store.isExpired(rv)) {
        this.sendError(S.expired(rv, this.store.oldestResourceVersion))
        return
      }
      for (const e of this.store.eventsSince(rv)) this.deliver(e)
      // A version from the future (not yet reached) only sends the changes after it.
      this.startRV = rv
      this.lastRV = Math.max(rv, this.lastRV)
    }
    this.unsubscribe = this.store.subscribe((e) => this.deliver(e))
    this.timer = setTimeout(() => {
      // The watch cache sends a bookmark shortly before a watch's deadline, so a
      // client can resume from the latest version (cacher/cache_watcher.go nextBookmarkTime).
      this.sendBookmark()
      this.end()
    }, opts.timeoutMs)
    if (this.spec.allowBookmarks && opts.bookmarkIntervalMs > 0) {
      this.bookmarkTimer = setInterval(() => this.sendBookmark(), opts.bookmarkIntervalMs)
    }
  }

  private matches(obj: KubeObj): boolean {
    return this.spec.labels(obj) && this.spec.fields(obj)
  }

  private deliver(e: ChangeEvent): void {
    if (this.closed || e.info !== this.spec.info || e.rv <= this.startRV) return
    if (this.spec.namespace !== undefined && e.object.metadata.namespace !== this.spec.namespace) return
    this.lastRV = e.rv
    const now = this.matches(e.object)
    const before = e.previous ? this.matches(e.previous) : false
    if (e.type === 'ADDED') {
      if (now) this.send('ADDED', e.object)
    } else if (e.type === 'DELETED') {
      if (before) this.send('DELETED', e.object)
    } else if (now && before) {
      this.send('MODIFIED', e.object)
    } else if (now) {
      this.send('ADDED', e.object)
    } else if (before) {
      // An object that stops matching the selector is sent as DELETED: its previous state at the new resourceVersion.
      const gone = structuredClone(e.previous!)
      gone.metadata.resourceVersion = String(e.rv)
      this.send('DELETED', gone)
    }
  }

  private send(type: WatchEventType, object: unknown): void {
    if (this.closed) return
    this.events.push(type)
    this.res.write(`${JSON.stringify({type, object})}\n`)
  }

  /** A BOOKMARK event carrying only kind, apiVersion and metadata.resourceVersion. */
  sendBookmark(annotations?: Record<string, string>): void {
    if (this.closed || !this.spec.allowBookmarks) return
    this.lastRV = Math.max(this.lastRV, this.store.resourceVersion)
    this.send('BOOKMARK', {
      kind: this.spec.info.kind,
      apiVersion: apiVersionOf(this.spec.info),
      metadata: {resourceVersion: String(this.lastRV), ...(annotations ? {annotations} : {})},
    })
  }

  /** Send an ERROR event with a Status object, then end the stream (what the server does on a 410). */
  sendError(status: S.Status): void {
    this.send('ERROR', status)
    this.end()
  }

  /** Clean end of the chunked response (server-side timeout). */
  end(): void {
    if (this.closed) return
    this.cleanup()
    this.res.end()
  }

  /** Abrupt loss of the connection: the socket is destroyed mid-stream. */
  destroy(): void {
    if (this.closed) return
    this.cleanup()
    this.res.socket?.destroy()
    this.res.destroy()
  }

  private cleanup(): void {
    if (this.closed) return
    this.closed = true
    this.unsubscribe?.()
    if (this.timer) clearTimeout(this.timer)
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer)
    this.onClose(this)
  }
}
