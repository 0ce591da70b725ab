import {EventEmitter} from 'node:events'
import {compile, tableFromParts, type CompileOptions} from '../compiler/index.js'
import type {Diagnostic} from '../model/diagnostics.js'
import type {RouteTable} from '../model/routes.js'
import type {Snapshot} from '../model/snapshot.js'
import type {PrecompiledTable, SnapshotSource, SourceState, SourceUpdate} from '../sources/types.js'
import {failedInputs, isSubset} from './failed-inputs.js'

/** Why an update was not swapped in. */
export type RejectReason = 'partial' | 'compile-failed'

export interface Rejection {
  readonly reason: RejectReason
  /** One line for logs: what failed and that the last good table is kept. */
  readonly message: string
  /** Load diagnostics (parse errors with file:line) or the compile failure as a diagnostic. */
  readonly diagnostics: ReadonlyArray<Diagnostic>
  /** When it happened (ms since epoch). */
  readonly at: number
}

export interface LiveState {
  readonly source: SourceState
  /** True once a table has been loaded. */
  readonly loaded: boolean
  /** How many tables have been swapped in (1 after the first load). */
  readonly generation: number
  /** When the current table was swapped in (ms since epoch). */
  readonly lastChange?: number
  /** The most recent rejected update, cleared when a later update is accepted. */
  readonly lastError?: Rejection
  /** Load diagnostics of the update the current table came from (e.g. a file that did not parse at start). */
  readonly loadDiagnostics: ReadonlyArray<Diagnostic>
}

export interface TableChange {
  readonly table: RouteTable
  readonly previous?: RouteTable
  readonly update: SourceUpdate
  readonly generation: number
}

export interface LiveTableEvents {
  table: [TableChange]
  rejected: [Rejection]
  state: [LiveState]
}

export interface LiveTableOptions {
  readonly compile?: CompileOptions
  /** Clock for "last change" timestamps only. */
  readonly now?: () => number
  /**
   * What `snapshot` keeps once a table is compiled: everything (default), or
   * only what upstreams and TLS read afterwards (Services, EndpointSlices,
   * Secrets). The gateway keeps the latter: the compiled routes carry their
   * own locations, and the parsed Ingresses are most of the memory.
   */
  readonly retain?: 'all' | 'upstreams'
}

/**
 * The route table that follows a live source. Each update is compiled and
 * swapped in whole; an update that is incomplete (a file failed to parse) or
 * that fails to compile is rejected and the last good table stays current.
 *
 * A partial update is still accepted when it breaks nothing new: when no table
 * is loaded yet, or when every input that fails now was already failing in
 * the update the current table came from (so no routes can be lost).
 */
export class LiveTable extends EventEmitter<LiveTableEvents> {
  readonly source: SnapshotSource
  private readonly compileOptions: CompileOptions
  private readonly now: () => number
  private readonly retainUpstreamsOnly: boolean
  private table: RouteTable | undefined
  private snapshotValue: Snapshot | undefined
  private currentFailed: ReadonlySet<string> = new Set()
  private stateValue: LiveState

  constructor(source: SnapshotSource, options: LiveTableOptions = {}) {
    super()
    this.source = source
    this.compileOptions = options.compile ?? {}
    this.now = options.now ?? Date.now
    this.retainUpstreamsOnly = options.retain === 'upstreams'
    this.stateValue = {source: {status: 'live', since: this.now()}, loaded: false, generation: 0, loadDiagnostics: []}
  }

  /** The table requests are served from; undefined until the first good load. */
  get current(): RouteTable | undefined {
    return this.table
  }

  /** The snapshot the current table was compiled from (without Ingresses and IngressClasses when `retain` is 'upstreams'). */
  get snapshot(): Snapshot | undefined {
    return this.snapshotValue
  }

  get state(): LiveState {
    return this.stateValue
  }

  /**
   * Loads the first snapshot and starts following the source. Resolves with the
   * first table, or undefined when the first update was rejected (nothing to serve
   * yet; later updates may still bring one). Rejects when the source cannot be read at all.
   */
  async start(): Promise<RouteTable | undefined> {
    const first = await this.source.start(
      (u) => this.apply(u),
      (s) => this.setSourceState(s),
    )
    this.apply(first)
    return this.table
  }

  async stop(): Promise<void> {
    await this.source.stop()
  }

  /** Compiles and swaps in one update, or rejects it. Returns whether it was accepted. */
  apply(update: SourceUpdate): boolean {
    const failed = failedInputs(update)
    if (update.partial && this.table && !isSubset(failed, this.currentFailed)) {
      const files = [...failed].sort().join(', ')
      this.reject({
        reason: 'partial',
        message: `reload rejected: ${files || 'an input'} could not be loaded; still serving the last good table`,
        diagnostics: update.diagnostics,
        at: this.now(),
      })
      return false
    }
    let table: RouteTable
    try {
      table = update.compiled ? precompiled(update.compiled) : compile(update.snapshot, this.compileOptions)
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err)
      this.reject({
        reason: 'compile-failed',
        message: `reload rejected: compiling failed (${message}); still serving the last good table`,
        diagnostics: [...update.diagnostics, {rule: 'compile-failed', severity: 'error', message: `compiling the route table failed: ${message}`}],
        at: this.now(),
      })
      return false
    }
    const previous = this.table
    this.table = table
    this.snapshotValue = this.retainUpstreamsOnly ? {...update.snapshot, ingresses: [], ingressClasses: []} : update.snapshot
    this.currentFailed = failed
    const generation = this.stateValue.generation + 1
    this.setState({...this.stateValue, loaded: true, generation, lastChange: this.now(), lastError: undefined, loadDiagnostics: update.diagnostics})
    this.emit('table', {table, previous, update, generation})
    return true
  }

  private reject(r: Rejection): void {
    this.setState({...this.stateValue, lastError: r})
    this.emit('rejected', r)
  }

  private setSourceState(s: SourceState): void {
    this.setState({...this.stateValue, source: s})
  }

  private setState(s: LiveState): void {
    this.stateValue = s
    this.emit('state', s)
  }
}

/** The table a source compiled (with the options this LiveTable was given: serve passes both the same). */
function precompiled(c: PrecompiledTable): RouteTable {
  if (!c.ok) throw new Error(c.message)
  return tableFromParts(c.parts)
}
