import type {Diagnostic, DiagnosticLocation, ObjectRef, Severity} from '../model/diagnostics.js'
import type {Ingress, KubeObject, Secret} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'
import type {FieldPath} from '../model/source.js'
import {formatFieldPath} from '../model/source.js'
import type {LintContext} from './types.js'

export const BETA_INGRESS_API_VERSIONS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])
export const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class'
export const ANNOTATION_DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class'

export function objectRef(e: Entry): ObjectRef {
  return {kind: e.kind, namespace: e.namespace, name: e.name}
}

/** `Ingress shop/web`, `IngressClass nginx`. */
export function who(e: Entry): string {
  return `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`
}

export function locationOf(e: Entry, path: FieldPath): DiagnosticLocation {
  const pos = path.length === 0 ? {line: e.source.line, col: e.source.col} : e.source.locate(path)
  return {file: e.source.file, line: pos.line, col: pos.col, ...(path.length ? {field: formatFieldPath(path)} : {})}
}

export interface DiagnosticInput {
  readonly message: string
  readonly hint: string
  readonly related?: Diagnostic['related']
}

/** A diagnostic about `e` at `path`; the message is prefixed with the object. */
export function diagnose(rule: {id: string; severity: Severity}, e: Entry, path: FieldPath, d: DiagnosticInput): Diagnostic {
  return {
    rule: rule.id,
    severity: rule.severity,
    message: `${who(e)}: ${d.message}`,
    object: objectRef(e),
    location: locationOf(e, path),
    hint: d.hint,
    ...(d.related && d.related.length ? {related: d.related} : {}),
  }
}

export function relatedAt(e: Entry, path: FieldPath, message: string): NonNullable<Diagnostic['related']>[number] {
  return {message, object: objectRef(e), location: locationOf(e, path)}
}

type Obj = Record<string, unknown>
function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

export function isBetaIngress(e: Entry<KubeObject>): boolean {
  return typeof e.object.apiVersion === 'string' && BETA_INGRESS_API_VERSIONS.has(e.object.apiVersion)
}

/** One `backend` of an Ingress, in either API shape, with where its fields are written. */
export interface BackendRef {
  /** Path of the backend object (`spec.rules[0].http.paths[1].backend`, `spec.defaultBackend`, `spec.backend`). */
  readonly path: FieldPath
  readonly service?: {
    readonly name: string
    readonly namePath: FieldPath
    readonly port: {readonly number?: number; readonly name?: string}
    readonly portPath: FieldPath
  }
}

/**
 * Field paths are built only when a diagnostic needs them: an Ingress has many
 * backends and paths, and most are fine.
 */
class LazyBackend implements BackendRef {
  constructor(
    private readonly at: () => FieldPath,
    readonly service: BackendRef['service'],
  ) {}

  get path(): FieldPath {
    return this.at()
  }
}

class LazyService {
  constructor(
    readonly name: string,
    readonly port: {readonly number?: number; readonly name?: string},
    private readonly at: () => FieldPath,
    private readonly beta: boolean,
  ) {}

  get namePath(): FieldPath {
    return this.beta ? [...this.at(), 'serviceName'] : [...this.at(), 'service', 'name']
  }

  get portPath(): FieldPath {
    if (this.beta) return [...this.at(), 'servicePort']
    const base = [...this.at(), 'service', 'port']
    return this.port.number !== undefined ? [...base, 'number'] : this.port.name !== undefined ? [...base, 'name'] : base
  }
}

const NO_PORT = Object.freeze({})

export function backendRef(b: unknown, path: FieldPath | (() => FieldPath), beta: boolean): BackendRef {
  const at = typeof path === 'function' ? path : () => path
  if (!isObj(b)) return new LazyBackend(at, undefined)
  if (beta) {
    const name = b.serviceName
    if (typeof name !== 'string' || name === '') return new LazyBackend(at, undefined)
    const sp = b.servicePort
    const port = typeof sp === 'number' ? {number: sp} : typeof sp === 'string' ? {name: sp} : NO_PORT
    return new LazyBackend(at, new LazyService(name, port, at, true))
  }
  const svc = b.service
  if (!isObj(svc) || typeof svc.name !== 'string' || svc.name === '') return new LazyBackend(at, undefined)
  const p = isObj(svc.port) ? svc.port : NO_PORT as Obj
  const port =
    typeof p.number === 'number' && p.number !== 0 ? {number: p.number} : typeof p.name === 'string' && p.name !== '' ? {name: p.name} : NO_PORT
  return new LazyBackend(at, new LazyService(svc.name, port, at, false))
}

export interface PathRef {
  readonly ruleIndex: number
  readonly pathIndex: number
  /** Rule host as written ('' when absent). */
  readonly host: string
  readonly path: string
  /** As written; undefined when absent (v1beta1 defaults it to ImplementationSpecific). */
  readonly pathType?: string
  readonly fieldPath: FieldPath
  readonly backend: BackendRef
}

class LazyPath implements PathRef {
  readonly backend: BackendRef
  constructor(
    readonly ruleIndex: number,
    readonly pathIndex: number,
    readonly host: string,
    readonly path: string,
    readonly pathType: string | undefined,
    backend: unknown,
    beta: boolean,
  ) {
    this.backend = backendRef(backend, () => [...this.fieldPath, 'backend'], beta)
  }

  get fieldPath(): FieldPath {
    return ['spec', 'rules', this.ruleIndex, 'http', 'paths', this.pathIndex]
  }
}

/**
 * Per-Ingress views are computed once per Entry object and shared by every
 * rule (entries are immutable snapshot members).
 */
const pathsCache = new WeakMap<Entry<Ingress>, PathRef[]>()
const backendsCache = new WeakMap<Entry<Ingress>, BackendRef[]>()
const tlsCache = new WeakMap<Entry<Ingress>, TlsRef[]>()
const hostsCache = new WeakMap<Entry<Ingress>, Map<string, number>>()

function memo<T>(cache: WeakMap<Entry<Ingress>, T>, e: Entry<Ingress>, make: (e: Entry<Ingress>) => T): T {
  let v = cache.get(e)
  if (v === undefined) {
    v = make(e)
    cache.set(e, v)
  }
  return v
}

/** Every rules[].http.paths[] entry of an Ingress, in order. */
export function ingressPaths(e: Entry<Ingress>): readonly PathRef[] {
  return memo(pathsCache, e, computePaths)
}

function computePaths(e: Entry<Ingress>): PathRef[] {
  const out: PathRef[] = []
  const beta = isBetaIngress(e)
  const spec = e.object.spec as unknown
  if (!isObj(spec)) return out
  arr(spec.rules).forEach((rule, i) => {
    if (!isObj(rule)) return
    const host = typeof rule.host === 'string' ? rule.host : ''
    const http = rule.http
    if (!isObj(http)) return
    arr(http.paths).forEach((p, j) => {
      if (!isObj(p)) return
      out.push(new LazyPath(i, j, host, typeof p.path === 'string' ? p.path : '', typeof p.pathType === 'string' ? p.pathType : undefined, p.backend, beta))
    })
  })
  return out
}

/** Every backend of an Ingress: the default backend first, then each path's. */
export function ingressBackends(e: Entry<Ingress>): readonly BackendRef[] {
  return memo(backendsCache, e, computeBackends)
}

function computeBackends(e: Entry<Ingress>): BackendRef[] {
  const beta = isBetaIngress(e)
  const spec = e.object.spec as unknown
  if (!isObj(spec)) return []
  const key = beta ? 'backend' : 'defaultBackend'
  const out: BackendRef[] = []
  if (spec[key] !== undefined) out.push(backendRef(spec[key], ['spec', key], beta))
  for (const p of ingressPaths(e)) out.push(p.backend)
  return out
}

/** The rule hosts of an Ingress with the index of the first rule that names each ('' = no host). */
export function ingressRuleHosts(e: Entry<Ingress>): ReadonlyMap<string, number> {
  return memo(hostsCache, e, computeRuleHosts)
}

function computeRuleHosts(e: Entry<Ingress>): Map<string, number> {
  const out = new Map<string, number>()
  const spec = e.object.spec as unknown
  if (!isObj(spec)) return out
  arr(spec.rules).forEach((rule, i) => {
    if (!isObj(rule)) return
    const host = typeof rule.host === 'string' ? rule.host.toLowerCase() : ''
    if (!out.has(host)) out.set(host, i)
  })
  return out
}

export interface TlsRef {
  readonly index: number
  readonly hosts: ReadonlyArray<{readonly host: string; readonly path: FieldPath}>
  readonly secretName?: string
  readonly path: FieldPath
}

export function ingressTls(e: Entry<Ingress>): readonly TlsRef[] {
  return memo(tlsCache, e, computeTls)
}

/** A spec.tls entry that names a Secret, and that Secret when the input has it. */
export interface TlsSecretRef {
  readonly ingress: Entry<Ingress>
  readonly tls: TlsRef
  readonly secretName: string
  /** `namespace/secretName` (the Secret is in the Ingress's namespace). */
  readonly key: string
  readonly secret: Entry<Secret> | undefined
}

/** Every spec.tls entry that names a Secret; nothing when the input has no Secrets at all (then they cannot be checked). */
export function* tlsSecretRefs(ctx: LintContext): Generator<TlsSecretRef> {
  if (ctx.secrets.size === 0) return
  for (const ingress of ctx.snapshot.ingresses) {
    for (const tls of ingressTls(ingress)) {
      if (!tls.secretName) continue
      const key = `${ingress.namespace}/${tls.secretName}`
      yield {ingress, tls, secretName: tls.secretName, key, secret: ctx.secrets.get(key)}
    }
  }
}

function computeTls(e: Entry<Ingress>): TlsRef[] {
  const spec = e.object.spec as unknown
  if (!isObj(spec)) return []
  const out: TlsRef[] = []
  arr(spec.tls).forEach((t, i) => {
    if (!isObj(t)) return
    const hosts: Array<{host: string; path: FieldPath}> = []
    arr(t.hosts).forEach((h, j) => {
      if (typeof h === 'string' && h !== '') hosts.push({host: h.toLowerCase(), path: ['spec', 'tls', i, 'hosts', j]})
    })
    out.push({index: i, hosts, path: ['spec', 'tls', i], ...(typeof t.secretName === 'string' && t.secretName ? {secretName: t.secretName} : {})})
  })
  return out
}

/** The class an Ingress asks for: spec.ingressClassName, else the legacy annotation. */
export function ingressClassOf(e: Entry<Ingress>): {name: string; path: FieldPath} | undefined {
  const spec = e.object.spec as unknown
  if (isObj(spec) && typeof spec.ingressClassName === 'string' && spec.ingressClassName !== '') {
    return {name: spec.ingressClassName, path: ['spec', 'ingressClassName']}
  }
  const a = e.object.metadata?.annotations?.[ANNOTATION_INGRESS_CLASS]
  if (typeof a === 'string' && a !== '') return {name: a, path: ['metadata', 'annotations', ANNOTATION_INGRESS_CLASS]}
  return undefined
}

/**
 * True when `pattern` (a host as written in an Ingress or TLS entry) covers
 * `host`: equal, or a `*.parent` wildcard and `host` is exactly one label under
 * `parent`. A wildcard host is covered by the same wildcard.
 */
export function hostCovers(pattern: string, host: string): boolean {
  if (pattern === host) return true
  if (!pattern.startsWith('*.')) return false
  const parent = pattern.slice(1) // `.parent`
  if (!host.endsWith(parent)) return false
  const label = host.slice(0, host.length - parent.length)
  return label.length > 0 && !label.includes('.')
}
