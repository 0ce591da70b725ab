import type {KubeConfig, KubernetesObject} from '@kubernetes/client-node'
import {parseConfigMapName} from '../../compiler/nginx/configmap.js'
import type {Diagnostic} from '../../model/diagnostics.js'
import type {KubeObject} from '../../model/objects.js'
import {syntheticSource} from '../../model/source.js'
import type {Entry, Kind, Snapshot} from '../../model/snapshot.js'
import type {SnapshotSource, SourceState, SourceStatus, SourceUpdate} from '../types.js'
import {Batcher} from './batcher.js'
import {fatalStartError, type KubeFailure} from './failures.js'
import {DEFAULT_BACKOFF, KindWatch, type Backoff} from './kind-watch.js'
import {apiVersionOf, controllerConfigKinds, qualifiedResource, WATCHED_KINDS, type WatchedKind} from './kinds.js'
import {loadKubeConfig, type LoadedKubeConfig} from './kubeconfig.js'
import {missingApi, missingPermission, unreadableOptional} from './permissions.js'

export interface ClusterSourceOptions {
  /** Kubeconfig file (default $KUBECONFIG, then ~/.kube/config; the service account in a pod). */
  readonly kubeconfig?: string
  /** Context name (default: current-context). */
  readonly context?: string
  /** Namespace (default: the context's namespace, else `default`). */
  readonly namespace?: string
  readonly allNamespaces: boolean
  /** Quiet period after the last watch event before an update (default 150 ms). */
  readonly debounceMs?: number
  readonly backoff?: Backoff
  /** Inactivity timeout of list requests (default 15 s). */
  readonly requestTimeoutMs?: number
  readonly env?: NodeJS.ProcessEnv
  /** Prefix of the pod's service account directory, for tests (default: the real path). */
  readonly serviceAccountRoot?: string
  /** --controller-config NAMESPACE/NAME: the ingress-nginx controller ConfigMap to watch (default: found by name and labels). */
  readonly controllerConfig?: string
}

export const DEFAULT_CLUSTER_DEBOUNCE_MS = 150
/** Under constant churn, an update at least this often. */
export const MAX_BATCH_WAIT_MS = 1_000

/**
 * A cluster watched through client-node informers (Ingress, IngressClass,
 * Service, EndpointSlice and TLS Secrets): list, then watch from the
 * resourceVersion; bursts of events become one update. While a watch is down
 * the last snapshot stays and the state says reconnecting, then stale.
 */
export class ClusterSource implements SnapshotSource {
  private readonly o: ClusterSourceOptions
  private loaded: LoadedKubeConfig | undefined
  private watches: KindWatch[] = []
  private diagnostics: Diagnostic[] = []
  private debouncer: Batcher | undefined
  private onUpdate: ((u: SourceUpdate) => void) | undefined
  private onState: ((s: SourceState) => void) | undefined
  private status: SourceStatus = 'live'
  private stopped = false

  constructor(o: ClusterSourceOptions) {
    this.o = o
  }

  /** The kubeconfig, loaded and with the context selected (throws an IngressctlError when it cannot be). */
  get kubeConfig(): KubeConfig {
    return this.config().kubeConfig
  }

  /** Context name, server, namespace, and whether it runs with the in-cluster service account. */
  get cluster(): LoadedKubeConfig {
    return this.config()
  }

  /** e.g. `context staging, namespace shop (the context's default)`. */
  get label(): string {
    let c: LoadedKubeConfig
    try {
      c = this.config()
    } catch {
      return `context ${this.o.context ?? '(current)'}`
    }
    const ctx = c.inCluster ? 'in-cluster service account' : `context ${c.context}`
    if (this.o.allNamespaces) return `${ctx}, all namespaces`
    const why = {flag: '', context: " (the context's default)", fallback: ' (the context sets none)', 'in-cluster': " (the pod's namespace)"}[c.namespaceOrigin]
    return `${ctx}, namespace ${c.namespace}${why}`
  }

  async start(onUpdate: (u: SourceUpdate) => void, onState?: (s: SourceState) => void): Promise<SourceUpdate> {
    const c = this.config()
    const namespace = this.o.allNamespaces ? undefined : c.namespace
    this.debouncer = new Batcher(this.o.debounceMs ?? DEFAULT_CLUSTER_DEBOUNCE_MS, MAX_BATCH_WAIT_MS, () => this.emit())
    const named = this.o.controllerConfig === undefined ? undefined : parseConfigMapName(this.o.controllerConfig)
    this.watches = [...WATCHED_KINDS, ...controllerConfigKinds(named)].map(
      (kind) =>
        new KindWatch(kind, {
          kubeConfig: c.kubeConfig,
          namespace,
          backoff: this.o.backoff ?? DEFAULT_BACKOFF,
          requestTimeoutMs: this.o.requestTimeoutMs ?? 15_000,
          onChange: () => this.debouncer?.trigger(),
          onStatus: () => this.updateState(),
        }),
    )
    const failures = await Promise.all(this.watches.map((w) => w.start()))
    try {
      this.diagnostics = this.checkStart(failures, namespace)
    } catch (err) {
      await this.stop()
      throw err
    }
    this.onUpdate = onUpdate
    this.onState = onState
    for (const w of this.watches) w.run()
    const initial = this.computeStatus()
    this.status = initial.status
    this.reasonValue = initial.reason
    this.reasonKind = initial.kind
    this.disabledCount = this.watches.filter((w) => w.disabled).length
    onState?.(this.stateNow())
    // The listed objects arrived as 'add' events: they are in this first update already.
    this.debouncer?.cancel()
    return this.update()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.debouncer?.close()
    this.debouncer = undefined
    await Promise.all(this.watches.map((w) => w.stop()))
  }

  private config(): LoadedKubeConfig {
    this.loaded ??= loadKubeConfig({kubeconfig: this.o.kubeconfig, context: this.o.context, namespace: this.o.namespace, env: this.o.env, serviceAccountRoot: this.o.serviceAccountRoot})
    return this.loaded
  }

  /** Fatal failures of the first list throw; a kind that may not be read becomes a warning. */
  private checkStart(failures: ReadonlyArray<KubeFailure | undefined>, namespace: string | undefined): Diagnostic[] {
    const c = this.config()
    const out: Diagnostic[] = []
    failures.forEach((f, i) => {
      const w = this.watches[i] as KindWatch
      if (!f) return
      if (w.kind.optional) {
        // Not needed to serve: a cluster that cannot serve it is not an error.
        if (f.kind === 'forbidden' || f.kind === 'not-found') {
          out.push(unreadableOptional(w.kind, f, c.context))
          w.disable(f)
        }
        return
      }
      const what = `${f.verb ?? 'list'} ${qualifiedResource(w.kind)}${w.kind.namespaced ? (namespace === undefined ? ' in all namespaces' : ` in namespace ${namespace}`) : ''}`
      if ((f.kind === 'forbidden' || f.kind === 'not-found') && w.kind.kind !== 'Ingress') {
        out.push(f.kind === 'forbidden' ? missingPermission(w.kind, f, {context: c.context, namespace}) : missingApi(w.kind, f, c.context))
        // Carry on without the kind (objects listed before a forbidden watch stay as listed).
        w.disable(f)
        return
      }
      // The list worked and only the first watch failed on a passing problem: run() retries it.
      if (w.synced && (f.kind === 'dropped' || f.kind === 'gone' || f.kind === 'http')) return
      throw fatalStartError(f, c, what)
    })
    return out
  }

  private snapshot(): Snapshot {
    const ctx = this.config().context
    const byKind = new Map<Kind, Entry[]>()
    for (const w of this.watches) {
      const listed = entries(w.kind, w.objects(), ctx)
      const before = byKind.get(w.kind.kind)
      // Several watches of one kind (the controller ConfigMap by name and by labels): each object once.
      byKind.set(w.kind.kind, before ? dedupe([...before, ...listed]) : listed)
    }
    const get = <T extends KubeObject>(k: Kind) => (byKind.get(k) ?? []) as Entry<T>[]
    return {
      ingresses: get('Ingress'),
      ingressClasses: get('IngressClass'),
      services: get('Service'),
      endpointSlices: get('EndpointSlice'),
      secrets: get('Secret'),
      configMaps: get('ConfigMap'),
    }
  }

  private update(): SourceUpdate {
    return {snapshot: this.snapshot(), diagnostics: [...this.diagnostics, ...this.runtimeDiagnostics()], partial: false}
  }

  /** Permissions revoked while running (a watch answered 403). */
  private runtimeDiagnostics(): Diagnostic[] {
    const c = this.config()
    const namespace = this.o.allNamespaces ? undefined : c.namespace
    const out: Diagnostic[] = []
    for (const w of this.watches) {
      if (!w.disabled || this.diagnostics.some((d) => d.message.includes(` ${w.kind.resource} `))) continue
      out.push(w.kind.optional ? unreadableOptional(w.kind, w.disabled, c.context) : missingPermission(w.kind, w.disabled, {context: c.context, namespace}))
    }
    return out
  }

  private emit(): void {
    if (this.stopped || !this.onUpdate) return
    this.onUpdate(this.update())
  }

  private computeStatus(): {status: SourceStatus; reason?: string; kind?: string} {
    const down = this.watches.filter((w) => !w.disabled && !w.connected)
    if (down.length === 0) return {status: 'live'}
    const w = down.find((x) => x.failure?.kind === 'unreachable' || x.failure?.kind === 'timeout') ?? down.find((x) => x.failure) ?? down[0]!
    const server = this.config().server
    const f = w.failure
    const reason = f
      ? `watch of ${qualifiedResource(w.kind)} on ${server} ${f.kind === 'dropped' ? 'dropped' : 'failed'}: ${f.statusCode ? `${f.statusCode} ` : ''}${f.message}`
      : `watch of ${qualifiedResource(w.kind)} on ${server} is reconnecting`
    // First failure: reconnecting; a retry failed too (or the server cannot be reached at all): the table is stale.
    const stale = down.some((x) => x.failedAttempts > 0 || x.failure?.kind === 'unreachable' || x.failure?.kind === 'timeout')
    return {status: stale ? 'stale' : 'reconnecting', reason, ...(f ? {kind: f.kind} : {})}
  }

  private reasonValue: string | undefined
  private since = Date.now()

  private stateNow(): SourceState {
    return {status: this.status, since: this.since, ...(this.reasonValue ? {reason: this.reasonValue} : {})}
  }

  private reasonKind: string | undefined
  private disabledCount = 0

  private updateState(): void {
    if (this.stopped || !this.onUpdate) return
    const next = this.computeStatus()
    // Publish a status change, or a better reason (a dropped watch that turns out to be an unreachable server).
    if (next.status !== this.status || (next.status !== 'live' && next.kind !== this.reasonKind)) {
      if (next.status !== this.status) this.since = Date.now()
      this.status = next.status
      this.reasonValue = next.reason
      this.reasonKind = next.kind
      this.onState?.(this.stateNow())
    }
    // A kind that became unreadable changes the diagnostics: publish them.
    const disabled = this.watches.filter((w) => w.disabled).length
    if (disabled !== this.disabledCount) {
      this.disabledCount = disabled
      this.debouncer?.trigger()
    }
  }
}

/** Plain objects with apiVersion/kind (list items carry neither), sorted by namespace/name, with a `cluster://` source. */
function entries(k: WatchedKind, objects: ReadonlyArray<KubernetesObject>, context: string): Entry[] {
  const out: Entry[] = objects.map((o) => {
    const namespace = k.namespaced ? (o.metadata?.namespace ?? '') : ''
    const name = o.metadata?.name ?? ''
    const object: KubeObject = {...(o as KubeObject), apiVersion: apiVersionOf(k), kind: k.kind}
    const file = k.namespaced ? `cluster://${context}/${k.kind}/${namespace}/${name}` : `cluster://${context}/${k.kind}/${name}`
    return {kind: k.kind, namespace, name, object, source: syntheticSource(file)}
  })
  return out.sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)))
}

function dedupe(list: Entry[]): Entry[] {
  const seen = new Map<string, Entry>()
  for (const e of list) seen.set(`${e.namespace}/${e.name}`, e)
  return [...seen.values()].sort((a, b) => (a.namespace === b.namespace ? cmp(a.name, b.name) : cmp(a.namespace, b.namespace)))
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
