/**
 * The double's object store: one global, monotonically increasing
 * resourceVersion (like etcd's revision), a bounded history of change events
 * for watches, and the create/update/patch/delete semantics of the generic
 * registry (k8s.io/apiserver/pkg/registry/generic/registry/store.go).
 */
import {randomUUID} from 'node:crypto'
import {applyDefaults} from './defaults.js'
import {PatchError, jsonPatch, mergePatch} from './patch.js'
import type {ResourceInfo} from './resources.js'
import {apiVersionOf} from './resources.js'
import * as S from './status.js'

export interface ObjectMetaLike {
  name?: string
  generateName?: string
  namespace?: string
  uid?: string
  resourceVersion?: string
  generation?: number
  creationTimestamp?: string
  deletionTimestamp?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  [k: string]: unknown
}

export interface KubeObj {
  apiVersion?: string
  kind?: string
  metadata: ObjectMetaLike
  [k: string]: unknown
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED'

export interface ChangeEvent {
  type: EventType
  rv: number
  info: ResourceInfo
  object: KubeObj
  /** The object before a MODIFIED/DELETED change (for selector transitions). */
  previous?: KubeObj
}

/** A failed API operation, carrying the Status body the server answers with. */
export class ApiError extends Error {
  constructor(readonly status: S.Status) {
    super(status.message)
  }
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/

/** Kinds whose strategy sets metadata.generation (bumped on spec changes). */
const GENERATION_KINDS = new Set(['ingresses', 'ingressclasses', 'pods'])

function clone<T>(v: T): T {
  return structuredClone(v)
}

function timestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
}

function withoutMetaAndStatus(obj: KubeObj): string {
  const {metadata: _m, status: _s, ...rest} = obj
  return JSON.stringify(rest)
}

export interface StoreOptions {
  /** Number of change events kept for watches; older resourceVersions answer 410 Gone. */
  historyLimit?: number
}

export class Store {
  private rv = 1
  private readonly objects = new Map<string, KubeObj>()
  private history: ChangeEvent[] = []
  /** Watches from a resourceVersion below this are expired (410). */
  private compactedRV = 0
  private readonly listeners = new Set<(e: ChangeEvent) => void>()
  private nextClusterIP = 10
  private readonly historyLimit: number
  private dryRun = false

  constructor(opts: StoreOptions = {}) {
    this.historyLimit = opts.historyLimit ?? 10_000
  }

  get resourceVersion(): number {
    return this.rv
  }

  get oldestResourceVersion(): number {
    return this.compactedRV
  }

  /** Forget all history: watching or continuing from any resourceVersion older than the current one answers 410 Gone. */
  compact(): void {
    this.compactedRV = this.rv
    this.history = []
  }

  isExpired(rv: number): boolean {
    return rv < this.compactedRV
  }

  subscribe(fn: (e: ChangeEvent) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Events with rv > since, oldest first. Caller checks isExpired first. */
  eventsSince(since: number): ChangeEvent[] {
    return this.history.filter((e) => e.rv > since)
  }

  private key(info: ResourceInfo, namespace: string | undefined, name: string): string {
    return `${info.group}/${info.resource}/${info.namespaced ? (namespace ?? '') : ''}/${name}`
  }

  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObj | undefined {
    const obj = this.objects.get(this.key(info, namespace, name))
    return obj ? clone(obj) : undefined
  }

  /** Current objects of a resource, optionally in one namespace, sorted by namespace/name like etcd keys. */
  list(info: ResourceInfo, namespace?: string): KubeObj[] {
    const prefix = `${info.group}/${info.resource}/${info.namespaced && namespace ? `${namespace}/` : ''}`
    const keys = [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort()
    return keys.map((k) => clone(this.objects.get(k)!))
  }

  /**
   * Run one operation as a server-side dry run (`dryRun=All`): validated and
   * defaulted like a real write, but nothing is stored, no resourceVersion is
   * used and no watch event is sent.
   */
  dryRunning<T>(dry: boolean, op: () => T): T {
    this.dryRun = dry
    try {
      return op()
    } finally {
      this.dryRun = false
    }
  }

  private commit(type: EventType, info: ResourceInfo, obj: KubeObj, previous?: KubeObj): KubeObj {
    if (this.dryRun) {
      const result = clone(obj)
      if (type === 'ADDED') delete result.metadata.resourceVersion
      else result.metadata.resourceVersion = previous?.metadata.resourceVersion
      return result
    }
    this.rv++
    obj.metadata.resourceVersion = String(this.rv)
    const key = this.key(info, obj.metadata.namespace, obj.metadata.name!)
    if (type === 'DELETED') this.objects.delete(key)
    else this.objects.set(key, clone(obj))
    const event: ChangeEvent = {type, rv: this.rv, info, object: clone(obj), ...(previous ? {previous: clone(previous)} : {})}
    this.history.push(event)
    while (this.history.length > this.historyLimit) this.compactedRV = this.history.shift()!.rv
    for (const fn of [...this.listeners]) fn(event)
    return clone(obj)
  }

  private validate(info: ResourceInfo, obj: KubeObj): void {
    const name = obj.metadata.name ?? ''
    if (name === '') {
      throw new ApiError(S.invalid(info, '', [{field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required'}]))
    }
    const re = info.resource === 'services' || info.resource === 'namespaces' ? DNS1035_LABEL : DNS1123_SUBDOMAIN
    if (name.length > 253 || !re.test(name)) {
      const what = re === DNS1035_LABEL ? "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character" : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
      throw new ApiError(S.invalid(info, name, [{field: 'metadata.name', reason: 'FieldValueInvalid', message: `Invalid value: "${name}": ${what}`}]))
    }
  }

  private prepare(info: ResourceInfo, body: unknown, namespace: string | undefined): KubeObj {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(S.badRequest('the body of the request was not a JSON object'))
    const obj = clone(body) as KubeObj
    obj.metadata = typeof obj.metadata === 'object' && obj.metadata !== null ? obj.metadata : {}
    if (obj.kind !== undefined && obj.kind !== info.kind) {
      throw new ApiError(S.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(info)})`))
    }
    obj.apiVersion = apiVersionOf(info)
    obj.kind = info.kind
    if (info.namespaced) {
      if (obj.metadata.namespace !== undefined && obj.metadata.namespace !== '' && namespace !== undefined && obj.metadata.namespace !== namespace) {
        throw new ApiError(S.badRequest('the namespace of the provided object does not match the namespace sent on the request'))
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace
      if (!obj.metadata.namespace) throw new ApiError(S.badRequest('the namespace of the object is required'))
    } else {
      delete obj.metadata.namespace
    }
    return obj
  }

  private readonly defaulting = {
    allocateClusterIP: (): string => {
      const n = this.nextClusterIP++
      return `10.96.${Math.floor(n / 256)}.${n % 256}`
    },
  }

  /**
   * POST. Like the registries' PrepareForCreate, a client cannot set .status
   * of a kind with a status subresource (`keepStatus` lets test fixtures do so).
   */
  create(info: ResourceInfo, body: unknown, namespace?: string, opts: {keepStatus?: boolean} = {}): KubeObj {
    const obj = this.prepare(info, body, namespace)
    if (info.hasStatus && !opts.keepStatus) delete obj.status
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${randomUUID().replace(/-/g, '').slice(0, 5)}`
    }
    this.validate(info, obj)
    if (this.objects.has(this.key(info, obj.metadata.namespace, obj.metadata.name!))) {
      throw new ApiError(S.alreadyExists(info, obj.metadata.name!))
    }
    // metadata.resourceVersion "must not be set" on create (apiserver rest.BeforeCreate clears it).
    delete obj.metadata.resourceVersion
    delete obj.metadata.deletionTimestamp
    obj.metadata.uid = randomUUID()
    obj.metadata.creationTimestamp = timestamp()
    if (GENERATION_KINDS.has(info.resource)) obj.metadata.generation = 1
    else delete obj.metadata.generation
    applyDefaults(info, obj, this.defaulting)
    return this.commit('ADDED', info, obj)
  }

  /**
   * PUT. `subresource: 'status'` changes only .status; the main resource keeps
   * the stored .status (for kinds with a status subresource).
   */
  update(info: ResourceInfo, namespace: string | undefined, name: string, body: unknown, subresource?: string): KubeObj {
    const obj = this.prepare(info, body, namespace)
    if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
      throw new ApiError(S.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`))
    }
    obj.metadata.name = name
    const old = this.objects.get(this.key(info, namespace, name))
    if (!old) throw new ApiError(S.notFound(info, name))
    const rv = obj.metadata.resourceVersion
    // Optimistic concurrency: a stale metadata.resourceVersion is a 409 Conflict; an empty one is an unconditional update.
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw new ApiError(S.conflict(info, name))
    return this.replaceWith(info, old, obj, subresource)
  }

  private replaceWith(info: ResourceInfo, old: KubeObj, obj: KubeObj, subresource?: string): KubeObj {
    let next: KubeObj
    if (subresource === 'status') {
      next = clone(old)
      if (obj.status === undefined) delete next.status
      else next.status = clone(obj.status)
    } else {
      next = obj
      if (info.hasStatus) {
        if (old.status === undefined) delete next.status
        else next.status = clone(old.status)
      }
      // Immutable system metadata is carried over from the stored object.
      next.metadata.uid = old.metadata.uid
      next.metadata.creationTimestamp = old.metadata.creationTimestamp
      if (old.metadata.generation !== undefined) {
        next.metadata.generation = withoutMetaAndStatus(next) === withoutMetaAndStatus(old) ? old.metadata.generation : old.metadata.generation + 1
      }
      this.validate(info, next)
      applyDefaults(info, next, this.defaulting, old)
    }
    if (JSON.stringify({...next, metadata: {...next.metadata, resourceVersion: undefined}}) === JSON.stringify({...old, metadata: {...old.metadata, resourceVersion: undefined}})) {
      // A no-op write does not bump resourceVersion and sends no watch event.
      return clone(old)
    }
    return this.commit('MODIFIED', info, next, old)
  }

  patch(info: ResourceInfo, namespace: string | undefined, name: string, contentType: string, body: unknown, subresource?: string): KubeObj {
    const old = this.objects.get(this.key(info, namespace, name))
    if (!old) throw new ApiError(S.notFound(info, name))
    let patched: unknown
    try {
      if (contentType === 'application/json-patch+json') patched = jsonPatch(old, body)
      else if (['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'].includes(contentType)) patched = mergePatch(clone(old), body)
      else throw new ApiError(S.unsupportedMediaType(contentType))
    } catch (err) {
      if (err instanceof PatchError) {
        throw new ApiError(err.code === 400 ? S.badRequest(err.message) : S.failure(422, 'Invalid', err.message))
      }
      throw err
    }
    const obj = this.prepare(info, patched, namespace)
    if (obj.metadata.name !== name) throw new ApiError(S.badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`))
    const rv = obj.metadata.resourceVersion
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion) throw new ApiError(S.conflict(info, name))
    return this.replaceWith(info, old, obj, subresource)
  }

  delete(info: ResourceInfo, namespace: string | undefined, name: string, preconditions?: {uid?: string; resourceVersion?: string}): KubeObj {
    const old = this.objects.get(this.key(info, namespace, name))
    if (!old) throw new ApiError(S.notFound(info, name))
    if (preconditions?.uid && preconditions.uid !== old.metadata.uid) {
      throw new ApiError(S.failure(409, 'Conflict', `Operation cannot be fulfilled on ${info.group ? `${info.resource}.${info.group}` : info.resource} "${name}": Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${old.metadata.uid}`))
    }
    if (preconditions?.resourceVersion && preconditions.resourceVersion !== old.metadata.resourceVersion) throw new ApiError(S.conflict(info, name))
    const gone = clone(old)
    return this.commit('DELETED', info, gone, old)
  }
}
