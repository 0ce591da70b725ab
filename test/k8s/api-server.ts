/**
 * An in-process Kubernetes API server double for tests, speaking the real wire
 * protocol over HTTPS on 127.0.0.1 so that @kubernetes/client-node works
 * unmodified against it (typed APIs, makeInformer/ListWatch, Watch, PortForward).
 *
 * Quick start
 * -----------
 *   const api = await KubeApiServer.start({token: 'secret', user: 'dev'})
 *   const kubeconfig = api.writeKubeconfig(tmpDir, {context: 'staging', namespace: 'shop'})
 *   api.seed(fx.ingress('shop', 'web', {...}), fx.service('shop', 'web', ...))   // ./fixtures.ts
 *   ... drive your code with that kubeconfig ...
 *   await api.close()                                                           // in after()/finally
 *
 * Served (see ./resources.ts): core/v1 namespaces, pods, secrets, services;
 * discovery.k8s.io/v1 endpointslices; networking.k8s.io/v1 ingresses,
 * ingressclasses (cluster-scoped). Discovery: /api, /apis, /apis/GROUP,
 * /api/v1, /apis/GROUP/VERSION, /version; /healthz, /livez, /readyz answer
 * `ok` without authentication.
 *
 * Wire behaviour
 * --------------
 * - TLS with a CA generated at process start (`caData` is base64 PEM for
 *   certificate-authority-data); the certificate covers 127.0.0.1, ::1, localhost.
 * - `Authorization: Bearer TOKEN`; anything else → 401 Status {reason: Unauthorized}
 *   (with `anonymousAuth: true`, no credentials at all → user system:anonymous,
 *   403 Forbidden on every resource, like a cluster with anonymous auth on).
 * - Collections: `/api/v1/services`, `/api/v1/namespaces/NS/services`,
 *   `/apis/networking.k8s.io/v1/ingresses`, `.../namespaces/NS/ingresses`, ...
 *   GET (list, or watch with `watch=true|1`), POST (create), DELETE (deletecollection);
 *   the all-namespaces path of a namespaced kind serves only list and watch (else 405).
 *   Objects: GET, PUT (update; stale metadata.resourceVersion → 409 Conflict),
 *   PATCH (application/json-patch+json — client-node's default —,
 *   application/merge-patch+json, application/strategic-merge-patch+json applied
 *   as a merge patch), DELETE (→ Status Success with details; pods, services
 *   and namespaces answer with the deleted object, like the real registry).
 *   Deletion is immediate (no finalizers, no graceful pod termination).
 *   `dryRun=All` on writes validates and answers without storing anything.
 *   Server-side apply (application/apply-patch+yaml, fieldManager required) is
 *   approximated as a merge patch that creates a missing object (no field
 *   ownership, no conflicts).
 *   `/status` subresource for kinds that have one; main-resource writes keep the
 *   stored status, like the real registry.
 * - List items carry no apiVersion/kind (the real server omits them in lists;
 *   consumers must not rely on them); watch event objects do carry them.
 * - One global resourceVersion, bumped by every write; lists report it in
 *   metadata.resourceVersion. `labelSelector` (=, ==, !=, in, notin, exists, !key)
 *   and `fieldSelector` (metadata.name, metadata.namespace, plus a few per kind;
 *   unknown fields → 400). `limit`/`continue` chunking (continue tokens of a
 *   compacted resourceVersion → 410 Expired). Lists always show the current
 *   state (resourceVersionMatch=Exact with a compacted version → 410).
 * - Watch: newline-delimited `{"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":...}`
 *   over a chunked 200 response. No/empty/"0" resourceVersion → current objects
 *   as ADDED first; RV=N → every change after N from the history; a compacted N
 *   → an ERROR event with Status {code: 410, reason: Expired, message: "too old
 *   resource version: N (M)"} and the stream ends — what the real watch cache
 *   does. With `expiredWatchAs: 'http'` the double instead answers HTTP 410 with
 *   that Status (older servers / etcd-direct watches). client-node's ListWatch
 *   relists on both. Objects entering/leaving a selector are sent as ADDED/DELETED.
 *   BOOKMARKs (allowWatchBookmarks=true) every `bookmarkIntervalMs` and on
 *   `sendBookmarks()`. `sendInitialEvents=true` is honoured (bookmark with
 *   annotation k8s.io/initial-events-end). Streams end cleanly after
 *   min(timeoutSeconds, watchTimeoutMs), after a last BOOKMARK when allowed.
 * - Pod port-forward: GET /api/v1/namespaces/NS/pods/NAME/portforward?ports=P
 *   with a WebSocket upgrade, subprotocol v4.channel.k8s.io; see ./portforward.ts
 *   for framing. The pod must exist (else 404). Traffic goes to the TCP target
 *   registered with setPodTarget(); none registered → error-channel message and
 *   close. Deleting the pod closes its tunnels. `ports=80,443` (or repeated
 *   `ports`) opens channels 0/1, 2/3, ... Flow control both ways.
 * - Not modelled: namespaces need not exist, no admission, no finalizers or
 *   graceful deletion, no managedFields, no controllers (EndpointSlices change
 *   only when a test changes them), resourceVersion starts at 1.
 *
 * client-node behaviour worth knowing (v1.4, dist/cache.js, dist/watch.js)
 * ----------------------------------------------------------------------
 * - ListWatch lists once, then watches with `resourceVersion` (no timeoutSeconds,
 *   no allowWatchBookmarks). A clean end of the stream (server timeout,
 *   `closeWatches()`) makes it re-watch at once from its last resourceVersion; a
 *   410 (event or HTTP) makes it relist. An abrupt drop (`dropWatches()`, `stop()`)
 *   surfaces as an 'error' callback and the informer STOPS: the caller must
 *   call `informer.start()` again (with backoff). A failing list also only emits
 *   'error'. Beware: `start()` after `stop()` un-stops it, so an error handler
 *   that restarts must check that the informer was not stopped on purpose.
 * - Typed API errors are `ApiException` with `.code` (HTTP status); `.body` is
 *   the Status as raw JSON TEXT (JSON.parse it) — except for 401, where
 *   client-node leaves `.body` undefined. Network errors (ECONNREFUSED while
 *   `stop()`ped) are plain errors with `.code === 'ECONNREFUSED'`.
 * - Watch (raw) reports a non-200 start as done(err) with `err.statusCode`.
 * - PortForward rejects a refused upgrade with an error event whose `.message`
 *   is `Unexpected server response: CODE`.
 *
 * Test hooks (all synchronous unless they return a Promise)
 * ----------------------------------------------------------
 *   url, port, caData, token, user          connection facts (url includes options.pathPrefix)
 *   kubeconfig(opts) / writeKubeconfig(dir, opts)   YAML string / file path
 *   writeInClusterFiles(dir, ns)            service-account files + env for loadFromCluster(pathPrefix)
 *   setToken(t)                             rotate the accepted token (old one → 401)
 *   anonymousAuth                           settable: requests without a token are system:anonymous (403)
 *   forbid(resource, {verbs?, namespace?})  403 Forbidden for e.g. 'secrets' or 'pods/portforward'
 *   allow(resource) / allowAll()            undo forbid
 *   failNext(n, code, {resource?, verb?})   the next n matching requests answer `code` with a Status
 *                                           (resource 'pods/portforward' fails tunnel upgrades)
 *   seed(...objs) / apply(obj)              create-or-replace, bypassing auth, .status included (emits watch events)
 *   get(kindOrResource, ns, name) / list(kindOrResource, ns?)
 *   remove(kindOrResource, ns, name)        delete (emits DELETED; a pod's tunnels close)
 *   resourceVersion                         current global resourceVersion (number)
 *   compactHistory()                        every older resourceVersion now answers 410
 *   expireWatches()                         open watches get an ERROR 410 event and end
 *   closeWatches()                          open watches end cleanly (like a server timeout)
 *   dropWatches()                           open watch connections are destroyed abruptly
 *   sendBookmarks()                         BOOKMARK to every open watch that allowed them
 *   watchTimeoutMs / bookmarkIntervalMs     settable at any time (affect new watches)
 *   watches(resource?, namespace?)          number of open watches
 *   waitForWatches(resource, n = 1)         resolves once n watches on it are open
 *   requests                                log of {method, path, query, verb, resource, namespace, name, code}
 *   setPodTarget(ns, pod, port, {host, port}) / clearPodTarget(ns, pod, port?)
 *   tunnels(ns?, pod?) / tunnelsOpened      open port-forward tunnels / total opened
 *   stop()                                  close the listener and every connection (cluster unreachable)
 *   restart()                               listen again on the same port, same state and resourceVersion
 *   close()                                 stop for good; call in after()/finally
 */
import {randomUUID} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {createServer, type Server} from 'node:https'
import type {Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {kubeconfigYaml, writeInClusterFiles, writeKubeconfig, type KubeconfigOptions} from './kubeconfig.js'
import {PortForwarder, type TcpTarget} from './portforward.js'
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  coreApiVersions,
  resourceByName,
  resourceForKind,
  type ResourceInfo,
} from './resources.js'
import {BodyError, parseJson, parseYaml, readBody, readJson} from './body.js'
import {listBody, listResponse} from './list.js'
import {route as parseRoute, routeOf, verbFor, type Route} from './routing.js'
import {parseFieldSelector, parseLabelSelector, SelectorError} from './selectors.js'
import * as S from './status.js'
import {ApiError, Store, type KubeObj} from './store.js'
import {serverTls} from './tls.js'
import {WatchConnection} from './watch.js'

export type {KubeObj} from './store.js'
export {kubeconfigYaml, writeInClusterFiles, writeKubeconfig} from './kubeconfig.js'

export interface KubeApiServerOptions {
  /** Bearer token the server accepts; default a random one. */
  token?: string
  /** User name in 403 messages; default `test-user`. */
  user?: string
  /** Fixed port; default 0 (any free port). */
  port?: number
  /** Loopback address to listen on: '127.0.0.1' (default) or '::1'. */
  host?: '127.0.0.1' | '::1'
  /**
   * Serve the API under a path, like clusters reached through a proxy
   * (Rancher: https://host/k8s/clusters/c-xxxx). `url` includes it; requests
   * outside it are 404.
   */
  pathPrefix?: string
  /** Change events kept for watch resumption; default 10000. */
  historyLimit?: number
  /** Upper bound of a watch's lifetime; default 30 minutes (a client's timeoutSeconds may shorten it). */
  watchTimeoutMs?: number
  /** Interval of periodic BOOKMARKs on watches that allow them; default 60 s, 0 disables. */
  bookmarkIntervalMs?: number
  /**
   * Anonymous requests enabled (kube-apiserver --anonymous-auth, on by default):
   * a request WITHOUT credentials is user "system:anonymous", allowed only
   * /version and the health endpoints and 403 Forbidden elsewhere. Default
   * false: a missing token is 401 like a wrong one.
   */
  anonymousAuth?: boolean
  /** How a watch from a compacted resourceVersion fails: 'event' (200 + ERROR 410, the default, like the watch cache) or 'http' (HTTP 410). */
  expiredWatchAs?: 'event' | 'http'
}

export interface RequestRecord {
  method: string
  path: string
  query: string
  verb: string
  resource?: string
  subresource?: string
  namespace?: string
  name?: string
  code: number
}

interface ForbidRule {
  resource: string
  verbs?: string[]
  namespace?: string
}

interface FailRule {
  remaining: number
  code: number
  resource?: string
  verb?: string
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  410: 'Gone',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
}

export class KubeApiServer {
  readonly store: Store
  readonly caData: string
  token: string
  readonly user: string
  watchTimeoutMs: number
  bookmarkIntervalMs: number
  expiredWatchAs: 'event' | 'http'
  anonymousAuth: boolean
  readonly requests: RequestRecord[] = []

  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  private readonly openWatches = new Set<WatchConnection>()
  private readonly watchWaiters = new Set<() => void>()
  private readonly forwarder = new PortForwarder()
  private forbidden: ForbidRule[] = []
  private failures: FailRule[] = []
  private listenPort: number
  private readonly host: '127.0.0.1' | '::1'
  private readonly pathPrefix: string
  private closed = false

  private constructor(
    private readonly tls: {cert: string; key: string},
    caCert: string,
    opts: KubeApiServerOptions,
  ) {
    this.store = new Store({historyLimit: opts.historyLimit})
    this.caData = Buffer.from(caCert, 'utf8').toString('base64')
    this.token = opts.token ?? randomUUID()
    this.user = opts.user ?? 'test-user'
    this.watchTimeoutMs = opts.watchTimeoutMs ?? 30 * 60_000
    this.bookmarkIntervalMs = opts.bookmarkIntervalMs ?? 60_000
    this.expiredWatchAs = opts.expiredWatchAs ?? 'event'
    this.anonymousAuth = opts.anonymousAuth ?? false
    this.listenPort = opts.port ?? 0
    this.host = opts.host ?? '127.0.0.1'
    this.pathPrefix = (opts.pathPrefix ?? '').replace(/\/+$/, '')
    if (this.pathPrefix !== '' && !this.pathPrefix.startsWith('/')) throw new Error(`KubeApiServer: pathPrefix must start with "/": ${opts.pathPrefix}`)
    this.store.subscribe((e) => {
      if (e.type === 'DELETED' && e.info.resource === 'pods') this.forwarder.closePod(e.object.metadata.namespace ?? '', e.object.metadata.name ?? '')
    })
  }

  static async start(opts: KubeApiServerOptions = {}): Promise<KubeApiServer> {
    const tls = await serverTls()
    const api = new KubeApiServer({cert: tls.cert, key: tls.key}, tls.caCert, opts)
    await api.listen()
    return api
  }

  get port(): number {
    return this.listenPort
  }

  get url(): string {
    const origin = this.host === '::1' ? `https://[::1]:${this.listenPort}` : `https://127.0.0.1:${this.listenPort}`
    return `${origin}${this.pathPrefix}`
  }

  get resourceVersion(): number {
    return this.store.resourceVersion
  }

  get tunnelsOpened(): number {
    return this.forwarder.opened
  }

  get running(): boolean {
    return this.server !== undefined
  }

  private listen(): Promise<void> {
    const server = createServer({cert: this.tls.cert, key: this.tls.key}, (req, res) => this.handle(req, res))
    server.on('connection', (s: Socket) => {
      this.sockets.add(s)
      s.on('close', () => this.sockets.delete(s))
    })
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head))
    server.on('tlsClientError', () => {})
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.listenPort, this.host, () => {
        server.off('error', reject)
        const addr = server.address()
        if (addr && typeof addr === 'object') this.listenPort = addr.port
        this.server = server
        resolve()
      })
    })
  }

  // ---------------------------------------------------------------- lifecycle

  /** Stop listening and drop every connection (watches, tunnels, keep-alive). State is kept for restart(). */
  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    this.server = undefined
    for (const w of [...this.openWatches]) w.destroy()
    this.forwarder.terminateAll()
    const closed = new Promise<void>((resolve) => server.close(() => resolve()))
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    await closed
  }

  /** Listen again on the same port with the same objects and resourceVersion. */
  async restart(): Promise<void> {
    if (this.closed) throw new Error('KubeApiServer was closed')
    if (this.server) return
    await this.listen()
  }

  async close(): Promise<void> {
    this.closed = true
    await this.stop()
    this.forwarder.close()
    for (const w of this.watchWaiters) w()
    this.watchWaiters.clear()
  }

  // ---------------------------------------------------------------- kubeconfig

  kubeconfig(opts: Partial<KubeconfigOptions> = {}): string {
    return kubeconfigYaml({server: this.url, token: this.token, caData: this.caData, ...opts})
  }

  writeKubeconfig(dir: string, opts: Partial<KubeconfigOptions> = {}): string {
    return writeKubeconfig(dir, {server: this.url, token: this.token, caData: this.caData, ...opts})
  }

  /**
   * Writes the files a pod sees (token, ca.crt, namespace) under
   * PREFIX/var/run/secrets/kubernetes.io/serviceaccount/ and returns the prefix
   * plus the environment that makes client-node's `loadFromCluster(prefix)`
   * reach this server.
   */
  writeInClusterFiles(dir: string, namespace = 'default'): {pathPrefix: string; env: {KUBERNETES_SERVICE_HOST: string; KUBERNETES_SERVICE_PORT: string}} {
    return writeInClusterFiles(dir, {token: this.token, caCert: Buffer.from(this.caData, 'base64').toString('utf8'), namespace, host: this.host, port: this.listenPort})
  }

  // ---------------------------------------------------------------- auth hooks

  setToken(token: string): void {
    this.token = token
  }

  forbid(resource: string, opts: {verbs?: string[]; namespace?: string} = {}): void {
    this.forbidden.push({resource, ...opts})
  }

  allow(resource: string): void {
    this.forbidden = this.forbidden.filter((r) => r.resource !== resource)
  }

  allowAll(): void {
    this.forbidden = []
  }

  failNext(times: number, code: number, opts: {resource?: string; verb?: string} = {}): void {
    this.failures.push({remaining: times, code, ...opts})
  }

  // ---------------------------------------------------------------- fixtures

  private infoFor(kindOrResource: string): ResourceInfo {
    const info = resourceByName(kindOrResource) ?? resourceForKind(undefined, kindOrResource)
    if (!info) throw new Error(`KubeApiServer: unknown kind or resource "${kindOrResource}"`)
    return info
  }

  /** Create or replace objects (by apiVersion/kind), bypassing auth. Returns the stored objects. */
  seed(...objs: KubeObj[]): KubeObj[] {
    return objs.map((o) => this.apply(o))
  }

  apply(obj: KubeObj): KubeObj {
    const info = resourceForKind(obj.apiVersion, obj.kind)
    if (!info) throw new Error(`KubeApiServer: unsupported object ${obj.apiVersion}/${obj.kind}`)
    const ns = info.namespaced ? (obj.metadata.namespace ?? 'default') : undefined
    const existing = this.store.get(info, ns, obj.metadata.name ?? '')
    const body = structuredClone(obj)
    try {
      if (!existing) return this.store.create(info, body, ns, {keepStatus: true})
      body.metadata.resourceVersion = undefined
      const stored = this.store.update(info, ns, obj.metadata.name!, body)
      return body.status !== undefined && info.hasStatus ? this.store.update(info, ns, obj.metadata.name!, body, 'status') : stored
    } catch (err) {
      if (err instanceof ApiError) throw new Error(`KubeApiServer.apply: ${err.status.message}`)
      throw err
    }
  }

  get(kindOrResource: string, namespace: string | undefined, name: string): KubeObj | undefined {
    return this.store.get(this.infoFor(kindOrResource), namespace, name)
  }

  list(kindOrResource: string, namespace?: string): KubeObj[] {
    return this.store.list(this.infoFor(kindOrResource), namespace)
  }

  remove(kindOrResource: string, namespace: string | undefined, name: string): KubeObj {
    return this.store.delete(this.infoFor(kindOrResource), namespace, name)
  }

  // ---------------------------------------------------------------- watch hooks

  compactHistory(): void {
    this.store.compact()
  }

  expireWatches(): void {
    // What a watch receives when etcd compacts past it mid-stream (storage/etcd3/watcher.go).
    for (const w of [...this.openWatches]) w.sendError(S.failure(410, 'Expired', 'The resourceVersion for the provided watch is too old.'))
  }

  closeWatches(): void {
    for (const w of [...this.openWatches]) w.end()
  }

  dropWatches(): void {
    for (const w of [...this.openWatches]) w.destroy()
  }

  sendBookmarks(): void {
    for (const w of this.openWatches) w.sendBookmark()
  }

  watches(resource?: string, namespace?: string): number {
    let n = 0
    for (const w of this.openWatches) {
      if (resource !== undefined && w.spec.info.resource !== resource) continue
      if (namespace !== undefined && w.spec.namespace !== namespace) continue
      n++
    }
    return n
  }

  waitForWatches(resource: string, n = 1): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.watches(resource) >= n || this.closed) {
          this.watchWaiters.delete(check)
          resolve()
        }
      }
      this.watchWaiters.add(check)
      check()
    })
  }

  private watchesChanged(): void {
    for (const w of [...this.watchWaiters]) w()
  }

  // ---------------------------------------------------------------- port-forward hooks

  setPodTarget(namespace: string, pod: string, port: number, target: TcpTarget): void {
    this.forwarder.setTarget(namespace, pod, port, target)
  }

  clearPodTarget(namespace: string, pod: string, port?: number): void {
    this.forwarder.clearTarget(namespace, pod, port)
  }

  tunnels(namespace?: string, pod?: string): number {
    return this.forwarder.count(namespace, pod)
  }

  // ---------------------------------------------------------------- HTTP

  /** Keeps the most recent requests (at most 20000) so long benchmarks stay bounded. */
  private log(record: RequestRecord): void {
    this.requests.push(record)
    if (this.requests.length > 20_000) this.requests.splice(0, 10_000)
  }

  /** The user a request authenticates as, or undefined (401). A wrong token is always 401, even with anonymous auth. */
  private authenticate(req: IncomingMessage): string | undefined {
    const header = req.headers.authorization
    if (header === undefined) return this.anonymousAuth ? 'system:anonymous' : undefined
    return header === `Bearer ${this.token}` ? this.user : undefined
  }

  private isForbidden(verb: string, route: Route): boolean {
    const resource = route.subresource ? `${route.info.resource}/${route.subresource}` : route.info.resource
    return this.forbidden.some(
      (r) => r.resource === resource && (!r.verbs || r.verbs.includes(verb)) && (r.namespace === undefined || r.namespace === route.namespace),
    )
  }

  private injectedFailure(verb: string, route: Route | undefined): number | undefined {
    // `resource` names a resource ('pods': requests on pods, not their subresources) or a subresource ('pods/portforward').
    const names = route ? [route.info.resource, ...(route.subresource ? [`${route.info.resource}/${route.subresource}`] : [])] : []
    const rule = this.failures.find(
      (f) => f.remaining > 0 && (!f.verb || f.verb === verb) && (!f.resource || names.includes(f.resource)) && !(f.resource === route?.info.resource && route?.subresource),
    )
    if (!rule) return undefined
    rule.remaining--
    this.failures = this.failures.filter((f) => f.remaining > 0)
    return rule.code
  }

  private send(res: ServerResponse, code: number, body: unknown, record?: RequestRecord): void {
    if (record) {
      record.code = code
    }
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    res.writeHead(code, {
      'Content-Type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
      'Audit-Id': randomUUID(),
    })
    res.end(text)
  }

  private sendStatus(res: ServerResponse, status: S.Status, record?: RequestRecord): void {
    this.send(res, status.code, status, record)
  }

  /** The request URL without the path prefix, or undefined when it is outside the prefix. */
  private requestUrl(req: IncomingMessage): URL | undefined {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1')
    if (this.pathPrefix === '') return url
    if (url.pathname !== this.pathPrefix && !url.pathname.startsWith(`${this.pathPrefix}/`)) return undefined
    url.pathname = url.pathname.slice(this.pathPrefix.length) || '/'
    return url
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.handleAsync(req, res).catch((err: unknown) => {
      if (!res.headersSent) this.sendStatus(res, S.failure(500, 'InternalError', `Internal error occurred: ${String(err)}`))
      else res.destroy()
    })
  }

  private async handleAsync(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = this.requestUrl(req)
    if (!url) {
      this.log({method: req.method ?? 'GET', path: req.url ?? '', query: '', verb: '', code: 404})
      return this.send(res, 404, '404 page not found\n')
    }
    const q = url.searchParams
    const method = req.method ?? 'GET'
    const segs = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent)
    const record: RequestRecord = {method, path: url.pathname, query: q.toString(), verb: '', code: 0}
    this.log(record)

    if (['/healthz', '/livez', '/readyz'].includes(url.pathname)) return this.send(res, 200, 'ok', record)
    const user = this.authenticate(req)
    if (user === undefined) return this.sendStatus(res, S.unauthorized(), record)
    if (url.pathname === '/version') {
      return this.send(res, 200, {major: '1', minor: '31', gitVersion: 'v1.31.0', gitCommit: 'test-double', gitTreeState: 'clean', buildDate: '2024-08-13T00:00:00Z', goVersion: 'go1.22.5', compiler: 'gc', platform: 'linux/amd64'}, record)
    }
    if (user === 'system:anonymous') {
      // Only system:public-info-viewer paths are open to anonymous users (RBAC bootstrap policy).
      const route = routeOf(segs)
      if (!route) return this.sendStatus(res, S.failure(403, 'Forbidden', `forbidden: User "system:anonymous" cannot get path "${url.pathname}"`, {}), record)
      const verb = verbFor(method, route, q.get('watch') === 'true' || q.get('watch') === '1')
      return this.sendStatus(res, S.forbidden(user, verb, route.info, route.namespace, route.name, route.subresource), record)
    }
    // Discovery.
    if (method === 'GET') {
      if (url.pathname === '/api') return this.send(res, 200, coreApiVersions(new URL(this.url).host), record)
      if (url.pathname === '/apis') return this.send(res, 200, apiGroupList(), record)
      if (segs[0] === 'api' && segs.length === 2) {
        const doc = apiResourceList('', segs[1]!)
        return doc ? this.send(res, 200, doc, record) : this.sendStatus(res, S.pathNotFound(), record)
      }
      if (segs[0] === 'apis' && segs.length === 2) {
        const doc = apiGroup(segs[1]!)
        return doc ? this.send(res, 200, doc, record) : this.sendStatus(res, S.pathNotFound(), record)
      }
      if (segs[0] === 'apis' && segs.length === 3) {
        const doc = apiResourceList(segs[1]!, segs[2]!)
        return doc ? this.send(res, 200, doc, record) : this.sendStatus(res, S.pathNotFound(), record)
      }
    }
    const route = routeOf(segs)
    if (!route) return this.sendStatus(res, S.pathNotFound(), record)
    const isWatchPath = segs[route.info.group === '' ? 2 : 3] === 'watch'
    const watch = isWatchPath || q.get('watch') === 'true' || q.get('watch') === '1'
    const verb = verbFor(method, route, watch)
    Object.assign(record, {verb, resource: route.info.resource, subresource: route.subresource, namespace: route.namespace, name: route.name})
    if (!verb) return this.sendStatus(res, S.methodNotAllowed(), record)
    if (route.subresource !== undefined && !(route.subresource === 'status' && route.info.hasStatus) && !(route.subresource === 'portforward' && route.info.resource === 'pods')) {
      return this.sendStatus(res, S.pathNotFound(), record)
    }
    if (this.isForbidden(verb, route)) {
      return this.sendStatus(res, S.forbidden(this.user, verb, route.info, route.namespace, route.name, route.subresource), record)
    }
    const injected = this.injectedFailure(verb, route)
    if (injected !== undefined) {
      return this.sendStatus(res, S.failure(injected, REASONS[injected] ?? 'InternalError', `injected failure (${injected})`), record)
    }
    if (route.subresource === 'portforward') {
      return this.sendStatus(res, S.badRequest('Upgrade request required'), record)
    }
    const dryRunValues = q.getAll('dryRun')
    const bad = dryRunValues.find((v) => v !== 'All')
    if (bad !== undefined) return this.sendStatus(res, S.badRequest(`dryRun: Unsupported value: "${bad}": supported values: "All"`), record)
    const dry = dryRunValues.length > 0
    try {
      switch (verb) {
        case 'list': {
          const {code, body} = listResponse(this.store, route, q)
          return this.send(res, code, body, record)
        }
        case 'watch':
          return this.handleWatch(res, route, q, record)
        case 'get': {
          const obj = this.store.get(route.info, route.namespace, route.name!)
          if (!obj) throw new ApiError(S.notFound(route.info, route.name!))
          return this.send(res, 200, obj, record)
        }
        case 'create': {
          const body = await readJson(req)
          return this.send(res, 201, this.store.dryRunning(dry, () => this.store.create(route.info, body, route.namespace)), record)
        }
        case 'update': {
          const body = await readJson(req)
          return this.send(res, 200, this.store.dryRunning(dry, () => this.store.update(route.info, route.namespace, route.name!, body, route.subresource)), record)
        }
        case 'patch': {
          const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim()
          const raw = await readBody(req)
          if (contentType === 'application/apply-patch+yaml') {
            if (!q.get('fieldManager')) {
              throw new ApiError(S.failure(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch'))
            }
            const body = parseYaml(raw)
            // Server-side apply creates a missing object.
            if (!this.store.get(route.info, route.namespace, route.name!) && !route.subresource) {
              const obj = {...(body as KubeObj), metadata: {...((body as KubeObj).metadata ?? {}), name: route.name}}
              return this.send(res, 201, this.store.dryRunning(dry, () => this.store.create(route.info, obj, route.namespace)), record)
            }
            return this.send(res, 200, this.store.dryRunning(dry, () => this.store.patch(route.info, route.namespace, route.name!, contentType, body, route.subresource)), record)
          }
          const body = parseJson(raw)
          return this.send(res, 200, this.store.dryRunning(dry, () => this.store.patch(route.info, route.namespace, route.name!, contentType, body, route.subresource)), record)
        }
        case 'delete': {
          const raw = await readBody(req)
          let pre: {uid?: string; resourceVersion?: string} | undefined
          if (raw.length > 0) {
            const opts = parseJson(raw) as {preconditions?: {uid?: string; resourceVersion?: string}; dryRun?: string[]}
            pre = opts?.preconditions
          }
          const gone = this.store.dryRunning(dry, () => this.store.delete(route.info, route.namespace, route.name!, pre))
          // Pods, services and namespaces answer with the deleted object; other kinds with a Success Status.
          return this.send(res, 200, route.info.returnsDeletedObject ? gone : S.success(route.info, route.name!, gone.metadata.uid), record)
        }
        case 'deletecollection': {
          const labels = parseLabelSelector(q.get('labelSelector'))
          const fields = parseFieldSelector(q.get('fieldSelector'), route.info)
          const items = this.store.list(route.info, route.namespace).filter((o) => labels(o) && fields(o))
          const deleted = items.map((o) => this.store.delete(route.info, o.metadata.namespace, o.metadata.name!))
          return this.send(res, 200, listBody(route.info, deleted, {resourceVersion: String(this.store.resourceVersion)}), record)
        }
      }
    } catch (err) {
      if (err instanceof ApiError) return this.sendStatus(res, err.status, record)
      if (err instanceof SelectorError) return this.sendStatus(res, S.badRequest(err.message), record)
      if (err instanceof BodyError) return this.sendStatus(res, S.badRequest(err.message), record)
      throw err
    }
    return this.sendStatus(res, S.methodNotAllowed(), record)
  }

  private handleWatch(res: ServerResponse, route: Route, q: URLSearchParams, record: RequestRecord): void {
    const labels = parseLabelSelector(q.get('labelSelector'))
    const fields = parseFieldSelector(route.name ? `metadata.name=${route.name}` : q.get('fieldSelector'), route.info)
    const rv = q.get('resourceVersion') ?? undefined
    if (rv && !/^\d+$/.test(rv)) {
      return this.sendStatus(res, S.badRequest(`invalid resource version: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`), record)
    }
    if (this.expiredWatchAs === 'http' && rv && rv !== '0' && Number.isInteger(Number(rv)) && this.store.isExpired(Number(rv))) {
      return this.sendStatus(res, S.expired(rv, this.store.oldestResourceVersion), record)
    }
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? '0')
    const timeoutMs = timeoutSeconds > 0 ? Math.min(timeoutSeconds * 1000, this.watchTimeoutMs) : this.watchTimeoutMs
    record.code = 200
    const w = new WatchConnection(
      res,
      {info: route.info, namespace: route.namespace, labels, fields, allowBookmarks: q.get('allowWatchBookmarks') === 'true'},
      this.store,
      (conn) => {
        this.openWatches.delete(conn)
        this.watchesChanged()
      },
    )
    this.openWatches.add(w)
    w.start(rv, {timeoutMs, bookmarkIntervalMs: this.bookmarkIntervalMs, sendInitialEvents: q.get('sendInitialEvents') === 'true'})
    if (w.isOpen) this.watchesChanged()
  }

  // ---------------------------------------------------------------- port-forward upgrade

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = this.requestUrl(req) ?? new URL('https://127.0.0.1/outside-prefix')
    const segs = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent)
    const record: RequestRecord = {method: req.method ?? 'GET', path: url.pathname, query: url.searchParams.toString(), verb: 'create', code: 0}
    this.log(record)
    const reject = (status: S.Status): void => {
      record.code = status.code
      const body = JSON.stringify(status)
      socket.end(
        `HTTP/1.1 ${status.code} ${REASONS[status.code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    const user = this.authenticate(req)
    if (user === undefined) return reject(S.unauthorized())
    const route = segs[0] === 'api' && segs[1] === 'v1' ? parseRoute('', 'v1', segs.slice(2)) : undefined
    if (!route || route.info.resource !== 'pods' || route.subresource !== 'portforward' || !route.name) return reject(S.pathNotFound())
    Object.assign(record, {resource: 'pods', subresource: 'portforward', namespace: route.namespace, name: route.name})
    if (user === 'system:anonymous' || this.isForbidden('create', route)) {
      return reject(S.forbidden(user, 'create', route.info, route.namespace, route.name, 'portforward'))
    }
    const injected = this.injectedFailure('create', route)
    if (injected !== undefined) return reject(S.failure(injected, REASONS[injected] ?? 'InternalError', `injected failure (${injected})`))
    const pod = this.store.get(route.info, route.namespace, route.name)
    if (!pod) return reject(S.notFound(route.info, route.name))
    const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(',')).map((p) => Number(p.trim()))
    if (ports.length === 0 || ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65535)) {
      return reject(S.badRequest(ports.length === 0 ? 'at least 1 port must be specified' : `invalid port: ${url.searchParams.get('ports')}`))
    }
    if (!this.forwarder.acceptsProtocols(req.headers['sec-websocket-protocol'])) {
      return reject(S.failure(403, 'Forbidden', `requested protocol(s) are not supported: [${req.headers['sec-websocket-protocol'] ?? ''}]; supports [v4.channel.k8s.io]`))
    }
    record.code = 101
    this.forwarder.upgrade(req, socket, head, route.namespace!, route.name, pod.metadata.uid ?? '', ports)
  }
}
