import {mkdtempSync, rmSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {KubeApiServer} from '../k8s/api-server.js'
import * as fx from '../k8s/fixtures.js'
import type {KubeObj} from '../k8s/store.js'
import {ClusterSource, type ClusterSourceOptions} from '../../src/sources/cluster/cluster-source.js'
import type {SourceState, SourceUpdate} from '../../src/sources/types.js'

export {fx}

/** Bound for awaiting something the code under test should do promptly (not a timing assertion). */
export const WAIT_MS = 5_000

export interface Harness {
  readonly api: KubeApiServer
  readonly dir: string
  /** Kubeconfig with context `staging` (namespace shop) and `other` (no namespace). */
  readonly kubeconfig: string
  close(): Promise<void>
}

export async function startHarness(): Promise<Harness> {
  const api = await KubeApiServer.start({token: 'staging-token', user: 'dev@example.com'})
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-cluster-'))
  const kubeconfig = api.writeKubeconfig(dir, {
    context: 'staging',
    namespace: 'shop',
    extraContexts: [{context: 'other', server: api.url, token: 'staging-token', caData: api.caData}],
  })
  return {
    api,
    dir,
    kubeconfig,
    async close() {
      await api.close()
      rmSync(dir, {recursive: true, force: true})
    },
  }
}

/** The shop demo: one Ingress to Service web (port http → 8080 on two pods), a TLS Secret, an Opaque Secret, an IngressClass. */
export function seedShop(api: KubeApiServer): void {
  api.seed(
    fx.namespace('shop'),
    fx.namespace('other'),
    fx.ingressClass('nginx', {isDefault: true}),
    fx.service('shop', 'web', [{name: 'http', port: 80, targetPort: 8080}]),
    fx.endpointSlice(
      'shop',
      'web-abc',
      'web',
      [
        {ip: '10.0.0.1', pod: 'web-1'},
        {ip: '10.0.0.2', pod: 'web-2'},
      ],
      [{name: 'http', port: 8080}],
    ),
    fx.ingress('shop', 'web', {className: 'nginx', rules: [{host: 'shop.example.com', paths: [{path: '/', service: 'web', port: 'http'}]}], tls: [{hosts: ['shop.example.com'], secretName: 'shop-tls'}]}),
    fx.tlsSecret('shop', 'shop-tls', 'CERT', 'KEY'),
    fx.secret('shop', 'db-password', {password: 'x'}),
    fx.service('other', 'api', [{port: 80}]),
    fx.ingress('other', 'api', {rules: [{host: 'api.example.com', paths: [{path: '/', service: 'api', port: 80}]}]}),
  )
}

/** A ClusterSource that records every update and state change, with waiters. */
export class Recorder {
  readonly updates: SourceUpdate[] = []
  readonly states: SourceState[] = []
  private waiters: Array<() => void> = []

  readonly onUpdate = (u: SourceUpdate): void => {
    this.updates.push(u)
    this.wake()
  }

  readonly onState = (s: SourceState): void => {
    this.states.push(s)
    this.wake()
  }

  get last(): SourceUpdate | undefined {
    return this.updates[this.updates.length - 1]
  }

  get state(): SourceState | undefined {
    return this.states[this.states.length - 1]
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  /** Resolves once `check()` is true (checked now and after every update/state); rejects after WAIT_MS. */
  async until(what: string, check: () => boolean, ms = WAIT_MS): Promise<void> {
    const deadline = Date.now() + ms
    while (!check()) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`timed out waiting for ${what}`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 100))
        this.waiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }
}

export function source(h: Harness, o: Partial<ClusterSourceOptions> = {}): ClusterSource {
  return new ClusterSource({kubeconfig: h.kubeconfig, allNamespaces: false, backoff: {initialMs: 50, maxMs: 400}, env: {}, ...o})
}

export function names(entries: ReadonlyArray<{namespace: string; name: string}>): string[] {
  return entries.map((e) => (e.namespace ? `${e.namespace}/${e.name}` : e.name))
}

/** A loopback HTTP server answering `NAME PATH` (to tell pods apart). */
export async function namedHttpServer(name: string): Promise<{server: Server; port: number; hits: number; close(): Promise<void>}> {
  const state = {hits: 0}
  const server = createServer((req, res) => {
    state.hits++
    res.setHeader('content-type', 'text/plain')
    res.end(`${name} ${req.url}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    server,
    port,
    get hits() {
      return state.hits
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

export type {KubeObj}
