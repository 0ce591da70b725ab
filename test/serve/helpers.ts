import {request as httpRequest, createServer, type IncomingHttpHeaders, type Server} from 'node:http'
import {mkdtempSync, rmSync, writeFileSync, mkdirSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {Writable} from 'node:stream'
import type {AddressInfo} from 'node:net'
import {startServe, type RunningServe} from '../../src/serve/serve.js'
import type {ServeOptions} from '../../src/serve/options.js'

/** A temporary directory removed by `cleanup()`. */
export function tempDir(prefix = 'ingressctl-serve-'): {dir: string; write(rel: string, text: string): string; cleanup(): void} {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return {
    dir,
    write(rel, text) {
      const p = join(dir, rel)
      mkdirSync(dirname(p), {recursive: true})
      writeFileSync(p, text)
      return p
    },
    cleanup: () => rmSync(dir, {recursive: true, force: true}),
  }
}

/** A stream that keeps what is written to it. */
export class Capture extends Writable {
  text = ''
  isTTY = false
  override _write(chunk: Buffer, _enc: string, cb: () => void): void {
    this.text += chunk.toString()
    cb()
  }
  lines(): string[] {
    return this.text.split('\n').filter((l) => l.length > 0)
  }
}

export interface Backend {
  readonly port: number
  readonly server: Server
  close(): Promise<void>
}

/** A loopback HTTP server answering JSON `{backend, method, url, headers}` (or `handler` when given). */
export async function startBackend(name: string, handler?: Parameters<typeof createServer>[1]): Promise<Backend> {
  const server = createServer(
    handler ??
      ((req, res) => {
        req.resume()
        req.on('end', () => {
          const body = JSON.stringify({backend: name, method: req.method, url: req.url, headers: req.headers})
          res.writeHead(200, {'content-type': 'application/json', 'content-length': Buffer.byteLength(body)})
          res.end(body)
        })
      }),
  )
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as AddressInfo).port,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  }
}

export interface Served {
  readonly running: RunningServe
  readonly stdout: Capture
  readonly stderr: Capture
  stop(): Promise<void>
}

/** startServe on loopback with free ports, a private CA directory and captured output. */
export async function serve(files: string[], opts: Partial<ServeOptions> & {caDir: string}): Promise<Served> {
  const stdout = new Capture()
  const stderr = new Capture()
  const running = await startServe({
    files,
    address: '127.0.0.1',
    httpPort: 0,
    httpsPort: 0,
    adminPort: 0,
    adminAddress: '127.0.0.1',
    maps: [],
    echo: false,
    upstream: 'auto',
    connectTimeoutMs: 2000,
    upstreamTimeoutMs: 10_000,
    drainTimeoutMs: 2000,
    logFormat: 'text',
    accessLog: true,
    debounceMs: 20,
    stdout,
    stderr,
    ...opts,
  })
  return {running, stdout, stderr, stop: () => running.shutdown()}
}

export interface Reply {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** One HTTP/1.1 request on a fresh connection. */
export function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({host: '127.0.0.1', port, path, method, headers, agent: false}, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({status: res.statusCode ?? 0, headers: res.headers, body}))
      res.on('error', reject)
    })
    req.on('error', reject)
    // Bounded: a request that never completes fails the test instead of hanging it.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer to ${method} ${path} within ${REQUEST_TIMEOUT_MS} ms`)))
    req.end()
  })
}

export const REQUEST_TIMEOUT_MS = 20_000

/** Polls `check` (bounded: `tries` × `everyMs`) until it returns true. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string, tries = 200, everyMs = 25): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, everyMs))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export function ingressYaml(o: {name: string; host: string; path?: string; service: string; port: number | string; ns?: string; pathType?: string; tls?: {hosts: string[]; secret?: string}}): string {
  const p = typeof o.port === 'number' ? `number: ${o.port}` : `name: ${o.port}`
  const tls = o.tls
    ? `  tls:\n    - hosts: [${o.tls.hosts.map((h) => JSON.stringify(h)).join(', ')}]\n${o.tls.secret ? `      secretName: ${o.tls.secret}\n` : ''}`
    : ''
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${o.name}, namespace: ${o.ns ?? 'default'}}
spec:
${tls}  rules:
    - host: ${JSON.stringify(o.host)}
      http:
        paths:
          - path: ${o.path ?? '/'}
            pathType: ${o.pathType ?? 'Prefix'}
            backend:
              service:
                name: ${o.service}
                port: {${p}}
`
}
