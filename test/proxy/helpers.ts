/** Real loopback peers for the proxy tests: manifests → compile() → FileResolver → Gateway. */
import assert from 'node:assert/strict'
import * as http from 'node:http'
import * as net from 'node:net'
import type {AddressInfo} from 'node:net'
import {compile} from '../../src/compiler/index.js'
import {parseManifests} from '../../src/loader/index.js'
import type {RouteTable} from '../../src/model/routes.js'
import type {Snapshot} from '../../src/model/snapshot.js'
import type {UpstreamResolver} from '../../src/model/upstreams.js'
import {Gateway, type GatewayOptions, type RequestInfo} from '../../src/proxy/index.js'
import {createFileResolver, parseMapFlags} from '../../src/upstreams/file/index.js'

export function snapshotOf(yaml: string): Snapshot {
  const {snapshot, diagnostics} = parseManifests(yaml, 'test.yaml')
  assert.deepEqual(diagnostics.filter((d) => d.severity === 'error'), [], 'test manifests must load')
  return snapshot
}

export function tableOf(snapshot: Snapshot): RouteTable {
  const table = compile(snapshot)
  assert.deepEqual(table.diagnostics.filter((d) => d.severity === 'error'), [], 'test manifests must compile')
  return table
}

/** One Ingress with one rule per [host, path, service, port] (pathType Prefix unless given). */
export function ingressYaml(name: string, rules: Array<{host?: string; path: string; pathType?: string; service: string; port: number | string}>, annotations?: Record<string, string>): string {
  const byHost = new Map<string | undefined, typeof rules>()
  for (const r of rules) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r])
  let y = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: default\n`
  if (annotations) {
    y += '  annotations:\n'
    for (const [k, v] of Object.entries(annotations)) y += `    ${k}: ${JSON.stringify(v)}\n`
  }
  y += 'spec:\n  rules:\n'
  for (const [host, list] of byHost) {
    y += host !== undefined ? `  - host: ${host}\n    http:\n      paths:\n` : `  - http:\n      paths:\n`
    for (const r of list) {
      const port = typeof r.port === 'number' ? `number: ${r.port}` : `name: ${r.port}`
      y += `      - path: ${r.path}\n        pathType: ${r.pathType ?? 'Prefix'}\n        backend:\n          service:\n            name: ${r.service}\n            port:\n              ${port}\n`
    }
  }
  return y + '---\n'
}

/** A Service with one port (optionally an appProtocol). */
export function serviceYaml(name: string, port: number, appProtocol?: string, portName = 'http'): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  ports:\n  - name: ${portName}\n    port: ${port}\n${appProtocol ? `    appProtocol: ${appProtocol}\n` : ''}---\n`
}

/** One EndpointSlice per loopback port, all for `service`, so the backend has several endpoints. */
export function slicesYaml(service: string, portName: string, ports: number[]): string {
  return ports
    .map(
      (p, i) =>
        `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${service}-${i}\n  namespace: default\n  labels:\n    kubernetes.io/service-name: ${service}\naddressType: IPv4\nports:\n- name: ${portName}\n  port: ${p}\nendpoints:\n- addresses: [127.0.0.1]\n---\n`,
    )
    .join('')
}

export interface Started {
  gw: Gateway
  port: number
  httpsPort?: number
  infos: RequestInfo[]
  close(): Promise<void>
}

export async function startGateway(state: {table: RouteTable; resolver: UpstreamResolver} | undefined, options: Partial<GatewayOptions> = {}): Promise<Started> {
  const infos: RequestInfo[] = []
  const gw = new Gateway({address: '127.0.0.1', httpPort: 0, onRequestEnd: (i) => infos.push(i), ...options}, state)
  const addrs = await gw.listen()
  return {
    gw,
    port: addrs.http.port,
    ...(addrs.https ? {httpsPort: addrs.https.port} : {}),
    infos,
    close: () => gw.close(0),
  }
}

/** Compiles `yaml` and serves it with a file-mode resolver (`maps` are --map values). */
export async function serveYaml(yaml: string, resolverOptions: {maps?: string[]; echo?: boolean} = {}, options: Partial<GatewayOptions> = {}): Promise<Started & {table: RouteTable}> {
  const snapshot = snapshotOf(yaml)
  const table = tableOf(snapshot)
  const resolver = createFileResolver(snapshot, {maps: parseMapFlags(resolverOptions.maps), echo: resolverOptions.echo ?? false})
  const s = await startGateway({table, resolver}, options)
  return {...s, table}
}

export interface Backend {
  server: http.Server
  port: number
  close(): Promise<void>
}

export async function httpBackend(handler: http.RequestListener, setup?: (s: http.Server) => void): Promise<Backend> {
  const server = http.createServer(handler)
  setup?.(server)
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {server, port: (server.address() as AddressInfo).port, close: () => closeServer(server)}
}

export function closeServer(server: {close(cb: () => void): unknown; closeAllConnections?: () => void}): Promise<void> {
  return new Promise((r) => {
    server.close(() => r())
    server.closeAllConnections?.()
  })
}

export interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  rawHeaders: string[]
  body: string
  trailers: NodeJS.Dict<string>
}

/** A plain HTTP/1.1 request on a fresh connection. */
export function request(port: number, opts: {method?: string; path?: string; headers?: http.OutgoingHttpHeaders | string[]; body?: string | Buffer; host?: string} = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers as http.OutgoingHttpHeaders, agent: false},
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString(), trailers: res.trailers}),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

export function get(port: number, host: string, path: string, headers: http.OutgoingHttpHeaders = {}): Promise<Reply> {
  return request(port, {path, headers: {host, ...headers}})
}

/** A backend that answers with what it received (method, url, headers) as JSON, plus its own name. */
export function reflect(name: string): http.RequestListener {
  return (req, res) => {
    let n = 0
    req.on('data', (c: Buffer) => (n += c.length))
    req.on('end', () => {
      const body = JSON.stringify({name, method: req.method, url: req.url, headers: req.headers, rawHeaders: req.rawHeaders, bodyBytes: n, trailers: req.trailers})
      res.writeHead(200, {'content-type': 'application/json'})
      res.end(body)
    })
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** What a peer sent on a socket until it closed, or until `boundMs` passed (`closed` false then; the socket is destroyed). */
export function untilClosed(socket: net.Socket, boundMs: number): Promise<{closed: boolean; data: string}> {
  return new Promise((resolve) => {
    let data = ''
    const timer = setTimeout(() => {
      socket.destroy()
      resolve({closed: false, data})
    }, boundMs)
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')))
    socket.on('error', () => {})
    socket.once('close', () => {
      clearTimeout(timer)
      resolve({closed: true, data})
    })
  })
}

/** A plain TCP connection to the gateway, once connected. */
export function rawConnect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s))
    s.once('error', reject)
  })
}

/**
 * One Ingress with one path and its `nginx.ingress.kubernetes.io/` annotations (names without the prefix),
 * of class nginx unless `className` is null; `tls` adds a spec.tls entry with the Secret `NAME-tls`.
 */
export function nginxIngressYaml(
  name: string,
  host: string,
  annotations: Record<string, string>,
  o: {path?: string; pathType?: string; tls?: boolean; service?: string; className?: string | null} = {},
): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    nginx.ingress.kubernetes.io/${k}: ${JSON.stringify(v)}\n`)
    .join('')
  const className = o.className === undefined ? 'nginx' : o.className
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: default
${ann ? `  annotations:\n${ann}` : ''}spec:
${className ? `  ingressClassName: ${className}\n` : ''}${o.tls ? `  tls:\n    - hosts: [${JSON.stringify(host)}]\n      secretName: ${name}-tls\n` : ''}  rules:
    - host: ${JSON.stringify(host)}
      http:
        paths:
          - path: ${JSON.stringify(o.path ?? '/')}
            pathType: ${o.pathType ?? 'Prefix'}
            backend: {service: {name: ${o.service ?? 'web'}, port: {number: 80}}}
`
}
