import type {CompiledParts} from '../compiler/index.js'
import type {Diagnostic} from '../model/diagnostics.js'
import type {Snapshot} from '../model/snapshot.js'

/** Connection state of a live source; files are always 'live'. */
export type SourceStatus = 'live' | 'reconnecting' | 'stale'

export interface SourceUpdate {
  readonly snapshot: Snapshot
  /** Load-time findings (parse errors, unreadable files, missing permissions). */
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /**
   * True when the update is incomplete because some input failed to load (a
   * file that does not parse). Consumers that serve traffic keep their last
   * good table instead of dropping the routes that file held.
   */
  readonly partial: boolean
  /**
   * Set by a source that compiles its updates itself (FileSource with
   * `compile`, in a worker thread): the table's parts, or why compiling
   * failed. The snapshot then holds only Services, EndpointSlices and Secrets.
   */
  readonly compiled?: PrecompiledTable
}

/** A table compiled by the source: its parts (see compileParts), or the compile error's message. */
export type PrecompiledTable = {readonly ok: true; readonly parts: CompiledParts} | {readonly ok: false; readonly message: string}

export interface SourceState {
  readonly status: SourceStatus
  /** When the status last changed (ms since epoch), e.g. "stale since". */
  readonly since: number
  /** Why, for reconnecting/stale: "watch connection to https://... dropped: ECONNREFUSED". */
  readonly reason?: string
}

/**
 * Something that produces snapshots over time: a set of watched files, or a
 * cluster watched through informers. Updates are already debounced.
 */
export interface SnapshotSource {
  /** e.g. `files: k8s/, extra.yaml` or `context staging, namespace shop`. */
  readonly label: string
  /** Loads the first snapshot (rejects with an IngressctlError if nothing can be read) and starts watching. */
  start(onUpdate: (u: SourceUpdate) => void, onState?: (s: SourceState) => void): Promise<SourceUpdate>
  stop(): Promise<void>
}
