/**
 * The pod `portforward` subresource over WebSocket, framed like the kubelet's
 * (pkg/kubelet/cri/streaming/portforward/websocket.go):
 * - subprotocol `v4.channel.k8s.io` (binary frames);
 * - for the i-th requested port, channel 2i carries data and 2i+1 errors;
 * - every frame starts with its channel byte; the server's first frame on each
 *   channel is the 2-byte little-endian port number;
 * - the client sends `[channel, ...data]` frames without a port prefix;
 * - if the port cannot be reached, a message goes on the error channel and the
 *   connection closes.
 * Data goes to a real TCP server the test registered for (namespace, pod, port).
 */
import type {IncomingMessage} from 'node:http'
import {connect, type Socket} from 'node:net'
import type {Duplex} from 'node:stream'
import {WebSocketServer, type WebSocket} from 'ws'

const HIGH_WATER = 1024 * 1024
const LOW_WATER = 256 * 1024

export const PORT_FORWARD_PROTOCOLS = ['v4.channel.k8s.io'] as const

export interface TcpTarget {
  host: string
  port: number
}

interface Tunnel {
  podKey: string
  ws: WebSocket
  sockets: Array<Socket | undefined>
}

export class PortForwarder {
  private readonly targets = new Map<string, TcpTarget>()
  private readonly tunnels = new Set<Tunnel>()
  private readonly wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PORT_FORWARD_PROTOCOLS.find((p) => offered.has(p)) ?? false,
  })
  /** Number of tunnels opened since start (for tests asserting that tunnels were used). */
  opened = 0

  setTarget(namespace: string, pod: string, port: number, target: TcpTarget): void {
    this.targets.set(`${namespace}/${pod}/${port}`, target)
  }

  clearTarget(namespace: string, pod: string, port?: number): void {
    for (const key of [...this.targets.keys()]) {
      if (port === undefined ? key.startsWith(`${namespace}/${pod}/`) : key === `${namespace}/${pod}/${port}`) this.targets.delete(key)
    }
  }

  /** Open tunnels, optionally for one pod. */
  count(namespace?: string, pod?: string): number {
    let n = 0
    for (const t of this.tunnels) if (namespace === undefined || t.podKey === `${namespace}/${pod}`) n++
    return n
  }

  /** True when the client offered a subprotocol the kubelet speaks. */
  acceptsProtocols(header: string | undefined): boolean {
    const offered = (header ?? '').split(',').map((s) => s.trim())
    return PORT_FORWARD_PROTOCOLS.some((p) => offered.includes(p))
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, namespace: string, pod: string, uid: string, ports: number[]): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.serve(ws, namespace, pod, uid, ports))
  }

  private serve(ws: WebSocket, namespace: string, pod: string, uid: string, ports: number[]): void {
    this.opened++
    const tunnel: Tunnel = {podKey: `${namespace}/${pod}`, ws, sockets: []}
    this.tunnels.add(tunnel)
    const frame = (channel: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([channel]), data])
    const portBytes = (port: number): Buffer => {
      const b = Buffer.alloc(2)
      b.writeUInt16LE(port, 0)
      return b
    }
    // The server announces each port on both of its channels first.
    ports.forEach((port, i) => {
      ws.send(frame(2 * i, portBytes(port)))
      ws.send(frame(2 * i + 1, portBytes(port)))
    })
    let finished = false
    const finish = (): void => {
      if (finished) return
      finished = true
      // Sparse when a port had no target.
      for (const s of tunnel.sockets) s?.destroy()
      this.tunnels.delete(tunnel)
      // A paused WebSocket would never read the peer's close frame.
      ws.resume()
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(1000)
    }
    // Each port is forwarded on its own; the connection ends when every port is done
    // (the kubelet waits for all of its per-port goroutines, then closes the connection).
    const done = new Set<number>()
    const portDone = (i: number): void => {
      tunnel.sockets[i]?.destroy()
      done.add(i)
      if (done.size === ports.length) finish()
    }
    const fail = (i: number, port: number, reason: string): void => {
      if (finished || done.has(i)) return
      const msg = `error forwarding port ${port} to pod ${pod}, uid ${uid}: ${reason}`
      if (ws.readyState === ws.OPEN) ws.send(frame(2 * i + 1, Buffer.from(msg, 'utf8')))
      portDone(i)
    }
    const pending: Buffer[][] = ports.map(() => [])
    ports.forEach((port, i) => {
      const target = this.targets.get(`${namespace}/${pod}/${port}`)
      if (!target) {
        // What containerd reports when nothing listens on the port inside the pod's network namespace.
        setImmediate(() =>
          fail(i, port, `failed to connect to localhost:${port} inside namespace "${uid}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused`),
        )
        return
      }
      const sock = connect({host: target.host, port: target.port})
      sock.setNoDelay(true)
      tunnel.sockets[i] = sock
      sock.on('connect', () => {
        for (const b of pending[i]!) sock.write(b)
        pending[i] = []
      })
      // Flow control both ways, so a slow peer does not make either side buffer without bound.
      sock.on('data', (data: Buffer) => {
        if (ws.readyState !== ws.OPEN) return
        ws.send(frame(2 * i, data), () => {
          if (sock.isPaused() && ws.bufferedAmount < LOW_WATER) sock.resume()
        })
        if (ws.bufferedAmount > HIGH_WATER) sock.pause()
      })
      sock.on('drain', () => ws.resume())
      sock.on('error', (err: NodeJS.ErrnoException) => fail(i, port, err.code === 'ECONNREFUSED' ? `dial tcp4 ${target.host}:${target.port}: connect: connection refused` : err.message))
      sock.on('close', () => portDone(i))
    })
    ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (!isBinary) return
      const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw)
      if (data.length < 1) return
      const channel = data[0]!
      if (channel % 2 !== 0) return
      const i = channel / 2
      const sock = tunnel.sockets[i]
      if (!sock || finished || sock.destroyed) return
      const payload = data.subarray(1)
      if (sock.connecting) pending[i]!.push(payload)
      else if (!sock.write(payload)) ws.pause()
    })
    ws.on('close', () => finish())
    ws.on('error', () => finish())
  }

  /** The pod went away: its tunnels end (the connections inside it are gone). */
  closePod(namespace: string, pod: string): void {
    for (const t of [...this.tunnels]) {
      if (t.podKey !== `${namespace}/${pod}`) continue
      for (const s of t.sockets) s?.destroy()
    }
  }

  /** Abruptly drop every tunnel (API server going away). */
  terminateAll(): void {
    for (const t of [...this.tunnels]) {
      for (const s of t.sockets) s?.destroy()
      t.ws.terminate()
      this.tunnels.delete(t)
    }
  }

  close(): void {
    this.terminateAll()
    this.wss.close()
  }
}
