import type {Diagnostic} from '../model/diagnostics.js'
import type {RouteTable} from '../model/routes.js'
import type {Snapshot} from '../model/snapshot.js'
import type {SourceState} from '../sources/types.js'

/** What the routes UI shows at one moment: the current table and where it came from. */
export interface FeedView {
  readonly table: RouteTable
  /** The snapshot the table was compiled from (EndpointSlices, Secrets); absent when the producer does not expose it. */
  readonly snapshot?: Snapshot
  /** Load-time findings of the last update (parse errors...), shown with the table's diagnostics. */
  readonly loadDiagnostics: ReadonlyArray<Diagnostic>
  readonly state: SourceState
  /** When the table last changed (ms since epoch). */
  readonly changedAt: number
  /** A problem with the latest update while the last good table stays shown (e.g. a file that no longer parses). */
  readonly notice?: string
}

/**
 * A live, subscribable view for the UI (React's useSyncExternalStore contract):
 * get() returns the same object until something changes.
 */
export interface UiFeed {
  /** e.g. `files: k8s/` or `context staging, namespace shop`. */
  readonly label: string
  get(): FeedView
  subscribe(listener: () => void): () => void
}

/** A feed whose view is replaced by `set`; used by adapters and by tests. */
export interface MutableFeed extends UiFeed {
  set(patch: Partial<FeedView>): void
}

export function createFeed(label: string, initial: FeedView): MutableFeed {
  let view = initial
  const listeners = new Set<() => void>()
  return {
    label,
    get: () => view,
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    set(patch) {
      view = {...view, ...patch}
      for (const l of [...listeners]) l()
    },
  }
}
