import {Duplex} from 'node:stream'
import type {KubeConfig} from '@kubernetes/client-node'
import WebSocket from 'ws'

/** The pod port a tunnel reaches. */
export interface PodPort {
  readonly namespace: string
  readonly pod: string
  readonly port: number
}

/** Why a tunnel ended badly: the pod or port is gone (`pod`), or the API server connection failed (`api`). */
export type TunnelFailure = 'pod' | 'api'

export interface TunnelOptions {
  /** Called once when the tunnel fails (not on a normal close). */
  readonly onFailure?: (kind: TunnelFailure, err: Error) => void
}

/** Port-forward streaming protocol spoken (the kubelet's WebSocket framing, channel byte first). */
export const PORT_FORWARD_PROTOCOL = 'v4.channel.k8s.io'

const DATA_CHANNEL = 0
const ERROR_CHANNEL = 1

/**
 * One TCP connection to a pod port, tunnelled through the API server's
 * `pods/portforward` subresource over WebSocket (`v4.channel.k8s.io`), as a
 * Duplex that behaves like a net.Socket for an http.Agent: 'connect' once the
 * WebSocket is open, 'error' then 'close' when the tunnel fails, 'end' then
 * 'close' when the pod side closes the connection.
 *
 * Framing (k8s.io/kubelet/pkg/cri/streaming/portforward/websocket.go): for the
 * single requested port, channel 0 carries data and channel 1 errors; every
 * frame starts with its channel byte; the server's first frame on each channel
 * is the port as 2 little-endian bytes; the client sends `[0, ...data]`. A
 * message on the error channel means the pod port cannot be reached; the
 * connection then closes. v4 has no half-close: `end()` only stops writing,
 * the tunnel closes when the pod side does or on destroy().
 */
export class PortForwardTunnel extends Duplex {
  readonly target: PodPort
  private ws: WebSocket | undefined
  private readonly queue: Array<{chunk: Buffer; cb: (err?: Error | null) => void}> = []
  private opened = false
  private portPrefixPending = [true, true]
  private errorText = ''
  private idleMs = 0
  private idleTimer: NodeJS.Timeout | undefined
  private failed = false
  private readonly onFailure: TunnelOptions['onFailure']
  private idle = false
  private retired = false
  private retireTimer: NodeJS.Timeout | undefined
  bytesRead = 0
  bytesWritten = 0

  constructor(kubeConfig: KubeConfig, target: PodPort, o: TunnelOptions = {}) {
    super({allowHalfOpen: false})
    this.target = target
    this.onFailure = o.onFailure
    // http.Agent emits 'free' on a socket it takes back into its keep-alive pool, and ref()s it on reuse.
    this.on('free', () => {
      this.idle = true
      if (this.retired) this.destroy()
    })
    this.open(kubeConfig).catch((err: unknown) => this.fail('api', asError(err, 'ECONNREFUSED')))
  }

  /** Like net.Socket: true until the WebSocket is open. */
  get connecting(): boolean {
    return !this.opened && !this.destroyed
  }

  get pending(): boolean {
    return this.connecting
  }

  get readyState(): string {
    return this.connecting ? 'opening' : this.destroyed ? 'closed' : 'open'
  }

  /** For access logs: the pod the tunnel reaches. */
  get remoteAddress(): string {
    return `pod/${this.target.namespace}/${this.target.pod}`
  }

  get remotePort(): number {
    return this.target.port
  }

  get remoteFamily(): string {
    return 'port-forward'
  }

  private async open(kc: KubeConfig): Promise<void> {
    const cluster = kc.getCurrentCluster()
    if (!cluster) throw new Error('the kubeconfig context names no cluster')
    const base = cluster.server.replace(/\/+$/, '').replace(/^http/, 'ws')
    const {namespace, pod, port} = this.target
    const url = `${base}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/portforward?ports=${port}`
    const opts: WebSocket.ClientOptions = {}
    await kc.applyToHTTPSOptions(opts)
    if (this.destroyed) return
    const ws = new WebSocket(url, [PORT_FORWARD_PROTOCOL], {...opts, perMessageDeflate: false})
    this.ws = ws
    ws.binaryType = 'nodebuffer'
    ws.on('unexpected-response', (_req, res) => {
      // The API server refused the upgrade: read its Status message (404 pod not found, 403 forbidden...).
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const status = res.statusCode ?? 0
        const message = statusMessage(Buffer.concat(chunks).toString('utf8')) ?? `${status} ${res.statusMessage ?? ''}`.trim()
        // 401/403: the credentials may not open port-forwards (RBAC: create on pods/portforward) — say so in the code too.
        const err = Object.assign(new Error(`port-forward to pod ${namespace}/${pod} port ${port} refused by the API server: ${message}`), {
          code: status === 401 || status === 403 ? 'EACCES' : 'ECONNREFUSED',
          statusCode: status,
        })
        this.fail(status === 404 ? 'pod' : 'api', err)
      })
      res.on('error', () => {})
    })
    ws.on('open', () => {
      this.opened = true
      this.touch()
      this.emit('connect')
      this.emit('ready')
      for (const q of this.queue.splice(0)) this.sendData(q.chunk, q.cb)
    })
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(isBinary ? data : Buffer.from(data)))
    ws.on('error', (err) => this.fail('api', asError(err, 'ECONNRESET')))
    ws.on('close', () => {
      if (this.failed || this.destroyed) return
      if (this.errorText) {
        this.fail('pod', portError(this.target, this.errorText))
        return
      }
      if (!this.opened) {
        this.fail('api', Object.assign(new Error(`port-forward to pod ${namespace}/${pod} port ${port}: the API server closed the connection`), {code: 'ECONNRESET'}))
        return
      }
      // The pod side closed the connection: end of stream, like a TCP FIN.
      this.push(null)
    })
  }

  private onMessage(frame: Buffer): void {
    if (frame.length < 1) return
    const channel = frame[0]!
    let payload = frame.subarray(1)
    if (channel === DATA_CHANNEL || channel === ERROR_CHANNEL) {
      if (this.portPrefixPending[channel]) {
        // The first frame of each channel starts with the port number (2 bytes, little-endian).
        this.portPrefixPending[channel] = false
        payload = payload.subarray(2)
      }
    }
    if (payload.length === 0) return
    this.touch()
    if (channel === DATA_CHANNEL) {
      this.bytesRead += payload.length
      if (!this.push(payload)) this.ws?.pause()
    } else if (channel === ERROR_CHANNEL) {
      this.errorText += payload.toString('utf8')
      // The kubelet sends the error, then closes: fail now so no request waits for the close.
      this.fail('pod', portError(this.target, this.errorText))
    }
  }

  override _read(): void {
    if (this.ws && this.ws.isPaused) this.ws.resume()
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    if (!this.opened) {
      this.queue.push({chunk, cb})
      return
    }
    this.sendData(chunk, cb)
  }

  private sendData(chunk: Buffer, cb: (err?: Error | null) => void): void {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      cb(Object.assign(new Error('port-forward tunnel is closed'), {code: 'EPIPE'}))
      return
    }
    this.touch()
    this.bytesWritten += chunk.length
    ws.send(Buffer.concat([Buffer.from([DATA_CHANNEL]), chunk]), {binary: true}, (err) => cb(err ?? null))
  }

  override _final(cb: (err?: Error | null) => void): void {
    // v4.channel.k8s.io cannot half-close one stream; the tunnel closes with the connection.
    cb()
  }

  override _destroy(err: Error | null, cb: (err: Error | null) => void): void {
    this.clearIdle()
    if (this.retireTimer) clearTimeout(this.retireTimer)
    for (const q of this.queue.splice(0)) q.cb(err ?? Object.assign(new Error('port-forward tunnel destroyed'), {code: 'EPIPE'}))
    const ws = this.ws
    if (ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING)) {
      if (ws.readyState === WebSocket.OPEN) ws.close(1000)
      else ws.terminate()
    }
    cb(err)
  }

  private fail(kind: TunnelFailure, err: Error): void {
    if (this.failed || this.destroyed) return
    this.failed = true
    this.onFailure?.(kind, err)
    this.destroy(err)
  }

  // net.Socket-compatible knobs used by http.Agent and the proxy engine.
  /** Same contract as net.Socket#setTimeout (lib/internal/stream_base_commons.js setStreamTimeout). */
  setTimeout(ms: number, cb?: () => void): this {
    this.idleMs = ms
    if (ms === 0) {
      this.clearIdle()
      if (cb) this.removeListener('timeout', cb)
      return this
    }
    this.touch()
    if (cb) this.once('timeout', cb)
    return this
  }

  setNoDelay(_noDelay?: boolean): this {
    return this
  }

  setKeepAlive(_enable?: boolean, _delay?: number): this {
    return this
  }

  /**
   * The pod left the ready endpoints: close now when the tunnel sits idle in a
   * keep-alive pool, else after the request on it (or `graceMs` at most).
   */
  retire(graceMs: number): void {
    if (this.retired || this.destroyed) return
    this.retired = true
    if (this.idle) {
      this.destroy()
      return
    }
    this.retireTimer = setTimeout(() => this.destroy(), graceMs)
    this.retireTimer.unref()
  }

  ref(): this {
    this.idle = false
    rawSocket(this.ws)?.ref()
    return this
  }

  /** undici unrefs a pooled connection when no request is left on it: the tunnel is idle then. */
  unref(): this {
    rawSocket(this.ws)?.unref()
    this.idle = true
    if (this.retired) this.destroy()
    return this
  }

  address(): {address: string; family: string; port: number} {
    return {address: this.remoteAddress, family: 'port-forward', port: this.target.port}
  }

  private touch(): void {
    if (this.idleMs <= 0 || this.destroyed) return
    this.clearIdle()
    this.idleTimer = setTimeout(() => this.emit('timeout'), this.idleMs)
    this.idleTimer.unref()
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer)
    this.idleTimer = undefined
  }
}

function rawSocket(ws: WebSocket | undefined): {ref(): void; unref(): void} | undefined {
  return (ws as unknown as {_socket?: {ref(): void; unref(): void}} | undefined)?._socket
}

function portError(t: PodPort, text: string): Error {
  const refused = /connection refused/i.test(text)
  return Object.assign(new Error(`port-forward to pod ${t.namespace}/${t.pod} port ${t.port} failed: ${text.trim()}`), {code: refused ? 'ECONNREFUSED' : 'ECONNRESET'})
}

function asError(err: unknown, code: string): Error {
  if (err instanceof Error) {
    if ((err as NodeJS.ErrnoException).code === undefined) Object.assign(err, {code})
    return err
  }
  return Object.assign(new Error(String(err)), {code})
}

function statusMessage(text: string): string | undefined {
  try {
    const s = JSON.parse(text) as {message?: unknown}
    return typeof s.message === 'string' && s.message ? s.message : undefined
  } catch {
    return text.trim() ? text.trim().slice(0, 200) : undefined
  }
}
