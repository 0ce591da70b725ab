import type {CompileOptions} from '../compiler/index.js'
import {expandInputs, type InputFile} from '../loader/index.js'
import {hasErrors, type Diagnostic} from '../model/diagnostics.js'
import {isIngressctlError} from '../errors.js'
import {emptySnapshot} from '../model/snapshot.js'
import {inNamespace} from './namespace-filter.js'
import type {SnapshotSource, SourceState, SourceUpdate} from './types.js'
import {readAll} from './files/read-all.js'
import {TreeWatcher} from './files/tree-watcher.js'
import {Debouncer} from './files/debouncer.js'
import {loadAndCompileInWorker} from './files/load-in-worker.js'
import {loadFilesWithStdinText} from './files/load-read-stdin.js'

export interface FileSourceOptions {
  /** Stream read once for the input `-` (default process.stdin). */
  readonly stdin?: NodeJS.ReadableStream
  /** Quiet period after the last file event before reloading (default 100 ms). */
  readonly debounceMs?: number
  /**
   * Load and compile each update in a worker thread with these options, and
   * deliver it precompiled (SourceUpdate.compiled) with only Services,
   * EndpointSlices and Secrets in its snapshot. For the gateway (a LiveTable
   * given the same options and retain: 'upstreams'): the load's peak memory
   * stays out of the main isolate. Only from `workerMinBytes` of manifests.
   */
  readonly compile?: CompileOptions
  /**
   * With `compile`: smaller inputs are loaded and compiled here as without it
   * (default WORKER_MIN_BYTES). A fresh thread costs ~0.1 s to start and parses
   * with cold, unoptimized code (a 1k-route reload ~65 -> ~250 ms), which only
   * pays off when the load's garbage is large.
   */
  readonly workerMinBytes?: number
  /** -n: only objects of this namespace (and cluster-scoped ones) are kept. */
  readonly namespace?: string
}

/** 1 MiB of manifests (~2,000 Ingresses) allocate some 20 MB while loading: from there, serve loads in a worker. */
export const WORKER_MIN_BYTES = 1 << 20

export const DEFAULT_DEBOUNCE_MS = 100

/**
 * Manifest files and directories, watched. Every change (edit, new file in a
 * watched directory, editor's atomic rename-save, delete) is debounced into one
 * reload through the loader. Standard input (`-`) is read once and not watched.
 */
export class FileSource implements SnapshotSource {
  readonly label: string
  private readonly inputs: readonly string[]
  private readonly stdin: NodeJS.ReadableStream | undefined
  private readonly debounceMs: number
  private readonly compile: CompileOptions | undefined
  private readonly workerMinBytes: number
  private readonly namespace: string | undefined
  private stdinText: string | undefined
  private readonly aborter = new AbortController()
  private watcher: TreeWatcher | undefined
  private debouncer: Debouncer | undefined
  private onUpdate: ((u: SourceUpdate) => void) | undefined
  private stopped = false

  constructor(inputs: readonly string[], options: FileSourceOptions = {}) {
    this.inputs = [...inputs]
    this.namespace = options.namespace
    this.stdin = options.stdin
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS
    this.compile = options.compile
    this.workerMinBytes = options.workerMinBytes ?? WORKER_MIN_BYTES
    this.label = `files: ${this.inputs.map((i) => (i === '-' ? '<stdin>' : i)).join(', ')}`
  }

  async start(onUpdate: (u: SourceUpdate) => void, onState?: (s: SourceState) => void): Promise<SourceUpdate> {
    if (this.inputs.includes('-')) {
      this.stdinText = await readAll(this.stdin ?? process.stdin)
    }
    // Throws an InputError when nothing can be read at all: the caller reports it and exits.
    const first = await this.load()
    this.onUpdate = onUpdate
    onState?.({status: 'live', since: Date.now()})
    const watched = this.inputs.filter((i) => i !== '-')
    if (watched.length > 0 && !this.stopped) {
      this.debouncer = new Debouncer(this.debounceMs, () => this.reload())
      this.watcher = new TreeWatcher(watched, () => this.debouncer?.trigger())
      this.watcher.start()
    }
    return first
  }

  async stop(): Promise<void> {
    this.stopped = true
    // A load in a worker thread is abandoned, not awaited (a large set takes a second or more).
    this.aborter.abort()
    this.watcher?.close()
    this.watcher = undefined
    await this.debouncer?.close()
    this.debouncer = undefined
  }

  private async load(): Promise<SourceUpdate> {
    const files = await expandInputs(this.inputs)
    if (this.compile && this.inWorker(files)) return loadAndCompileInWorker(files, this.stdinText, this.compile, this.aborter.signal, this.namespace)
    const loaded = await loadFilesWithStdinText(files, this.stdinText)
    return {snapshot: inNamespace(loaded.snapshot, {namespace: this.namespace}), diagnostics: loaded.diagnostics, partial: hasErrors(loaded.diagnostics)}
  }

  private inWorker(files: readonly InputFile[]): boolean {
    let bytes = this.stdinText?.length ?? 0
    for (const f of files) bytes += f.size
    return bytes >= this.workerMinBytes
  }

  private async reload(): Promise<void> {
    if (this.stopped) return
    // New subdirectories may have appeared: watch them before reading, so nothing written after the read is missed.
    this.watcher?.rescan()
    let update: SourceUpdate
    try {
      update = await this.load()
    } catch (err) {
      // Nothing readable right now (every file deleted mid-save, a directory emptied):
      // report it as an incomplete update so a serving consumer keeps its last good table.
      update = {snapshot: emptySnapshot(), diagnostics: [loadFailure(err)], partial: true}
    }
    if (!this.stopped) this.onUpdate?.(update)
  }
}

function loadFailure(err: unknown): Diagnostic {
  if (isIngressctlError(err)) {
    const m = err.location ? /^(.*?)(?::(\d+))?(?::(\d+))?$/.exec(err.location) : null
    return {
      rule: 'load-failed',
      severity: 'error',
      message: err.message,
      ...(err.hint ? {hint: err.hint} : {}),
      ...(m && m[1] ? {location: {file: m[1], line: Number(m[2] ?? 1), col: Number(m[3] ?? 1)}} : {}),
    }
  }
  return {rule: 'load-failed', severity: 'error', message: err instanceof Error ? err.message : String(err)}
}
