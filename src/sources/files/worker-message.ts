/**
 * What the compile worker (compile-worker.ts) posts back, and how each side
 * turns it into or out of plain data: a structured clone keeps no prototypes,
 * no functions and no private fields, so SourceRefs, errors and frozen routes
 * are converted explicitly.
 */
import {IngressctlError, InputError, UsageError} from '../../errors.js'
import type {CompiledParts} from '../../compiler/index.js'
import type {Diagnostic} from '../../model/diagnostics.js'
import type {EndpointSlice, KubeObject, Secret, Service} from '../../model/objects.js'
import type {Route, TlsBinding} from '../../model/routes.js'
import type {SourceRef} from '../../model/source.js'
import type {Entry, Snapshot} from '../../model/snapshot.js'
import type {InputFile} from '../../loader/index.js'
import type {PrecompiledTable, SourceUpdate} from '../types.js'

/** An Entry with its SourceRef reduced to where the object starts. */
interface PlainEntry extends Omit<Entry, 'source'> {
  readonly source: {readonly file: string; readonly doc: number; readonly line: number; readonly col: number}
}

/** The kinds a snapshot keeps once compiled (LiveTable retain: 'upstreams'). */
interface UpstreamKinds {
  readonly services: PlainEntry[]
  readonly endpointSlices: PlainEntry[]
  readonly secrets: PlainEntry[]
}

interface PlainError {
  readonly name: string
  readonly code?: string
  readonly message: string
  readonly hint?: string
  readonly location?: string
  readonly exitCode?: number
}

export type WorkerReply =
  | {
      readonly ok: true
      readonly upstreams: UpstreamKinds
      readonly diagnostics: ReadonlyArray<Diagnostic>
      readonly partial: boolean
      readonly compiled: PrecompiledTable
    }
  | {readonly ok: false; readonly error: PlainError}

/** What the worker is asked to do. */
export interface WorkerRequest {
  readonly files: readonly InputFile[]
  /** The text of `-`, read once by the main thread. */
  readonly stdinText?: string
  readonly ingressClass?: string
  /** -n: only objects of this namespace (and cluster-scoped ones). */
  readonly namespace?: string
}

function plainEntry(e: Entry): PlainEntry {
  return {kind: e.kind, namespace: e.namespace, name: e.name, object: e.object, source: {file: e.source.file, doc: e.source.doc, line: e.source.line, col: e.source.col}}
}

export function plainUpstreams(s: Snapshot): UpstreamKinds {
  return {services: s.services.map(plainEntry), endpointSlices: s.endpointSlices.map(plainEntry), secrets: s.secrets.map(plainEntry)}
}

export function plainError(err: unknown): PlainError {
  if (err instanceof IngressctlError) {
    return {name: err.name, code: err.code, message: err.message, hint: err.hint, location: err.location, exitCode: err.exitCode}
  }
  return {name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err)}
}

/** The error the worker caught, as the class the loader threw (InputError for unreadable or empty input). */
export function errorOf(e: PlainError): Error {
  const opts = {hint: e.hint, location: e.location}
  if (e.name === 'InputError') return new InputError(e.code ?? 'E_INPUT', e.message, opts)
  if (e.name === 'UsageError') return new UsageError(e.message, e.hint)
  if (e.code !== undefined) return new IngressctlError(e.code, e.message, {...opts, exitCode: e.exitCode})
  return new Error(e.message)
}

/**
 * A SourceRef for an object compiled elsewhere: its own position only. Serve
 * reads the Services, EndpointSlices and Secrets it keeps for their content;
 * every located finding was made by the compile, in the worker.
 */
class PlacedSourceRef implements SourceRef {
  constructor(
    readonly file: string,
    readonly doc: number,
    readonly line: number,
    readonly col: number,
  ) {}

  locate(): {line: number; col: number} {
    return {line: this.line, col: this.col}
  }

  toJSON(): {file: string; doc: number; line: number; col: number} {
    return {file: this.file, doc: this.doc, line: this.line, col: this.col}
  }
}

function entryOf<T extends KubeObject>(p: PlainEntry): Entry<T> {
  const s = p.source
  return {kind: p.kind, namespace: p.namespace, name: p.name, object: p.object as T, source: new PlacedSourceRef(s.file, s.doc, s.line, s.col)}
}

function freezeBinding(b: TlsBinding): void {
  if (b.location) Object.freeze(b.location)
  Object.freeze(b)
}

/** Freezes what compile() froze (the table requires frozen routes and bindings); a clone comes back unfrozen. */
function freezeRoute(r: Route): void {
  if (r.backend.kind === 'service') {
    Object.freeze(r.backend.port)
    if (r.backend.servicePort) Object.freeze(r.backend.servicePort)
  }
  Object.freeze(r.backend)
  if (r.location) Object.freeze(r.location)
  Object.freeze(r.annotations)
  if (r.tls) freezeBinding(r.tls)
  Object.freeze(r)
}

function freezeParts(parts: CompiledParts): CompiledParts {
  for (const list of [parts.routes, parts.defaultLosers ?? [], parts.duplicates ?? []]) for (const r of list) freezeRoute(r)
  if (parts.defaultRoute) freezeRoute(parts.defaultRoute)
  for (const b of parts.tls) freezeBinding(b)
  return parts
}

/** The main thread's SourceUpdate of a worker's reply; throws the worker's error. */
export function updateOf(reply: WorkerReply): SourceUpdate {
  if (!reply.ok) throw errorOf(reply.error)
  const u = reply.upstreams
  const snapshot: Snapshot = {
    ingresses: [],
    ingressClasses: [],
    services: u.services.map((e) => entryOf<Service>(e)),
    endpointSlices: u.endpointSlices.map((e) => entryOf<EndpointSlice>(e)),
    secrets: u.secrets.map((e) => entryOf<Secret>(e)),
  }
  const compiled: PrecompiledTable = reply.compiled.ok ? {ok: true, parts: freezeParts(reply.compiled.parts)} : reply.compiled
  return {snapshot, diagnostics: reply.diagnostics, partial: reply.partial, compiled}
}
