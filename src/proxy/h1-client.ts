/**
 * A lean HTTP/1.1 client for the hot path: requests without a body (GET,
 * HEAD, DELETE... with no Content-Length or Transfer-Encoding, no Expect, no
 * Upgrade) on kept-alive connections pooled per endpoint. One write per
 * request; the response is parsed here (RFC 9112): status line, fields,
 * body framed by Content-Length, chunked coding (with trailers) or the
 * connection closing, and no body for HEAD, 1xx, 204 and 304. Interim 1xx
 * responses are skipped. Anything malformed ends the exchange with an error
 * (the caller answers 502). Requests with a body keep using node:http.
 */
import type {Duplex} from 'node:stream'
import type {UpstreamEndpoint} from '../model/upstreams.js'
import {openConnection, withConnectTimeout} from './transport.js'

const MAX_HEAD = 64 * 1024
/** Idle pooled connections are closed before common upstream keep-alive timeouts (Node: 5 s). */
const POOL_IDLE_MS = 4000
const CRLF = 0x0a

export interface ResponseHandlers {
  /** Status line and fields (flat list, original case). Return false to abandon the exchange. */
  onHead(status: number, reason: string, list: string[]): boolean
  /** A body chunk; return false when the consumer wants a pause (resume with H1Exchange#resume). */
  onData(chunk: Buffer): boolean
  /** The body is complete; `trailers` when the chunked body carried some. */
  onEnd(trailers: string[] | undefined): void
  /**
   * The exchange failed. `phase`: `connect` (never connected), `stale` (a
   * reused connection closed before any response byte: safe to retry),
   * `request` (no response yet), `response` (cut mid-response).
   */
  onError(err: NodeJS.ErrnoException & {connectTimeout?: boolean}, phase: 'connect' | 'stale' | 'request' | 'response', timedOut: boolean): void
}

export interface H1Exchange {
  /** Abandon: the connection is closed (it cannot be reused mid-response). */
  abort(): void
  resume(): void
}

const enum State {
  Idle,
  Head,
  Length,
  Chunked,
  Close,
}

const enum Chunk {
  Size,
  Data,
  DataEnd,
  Trailers,
}

class Connection {
  state = State.Idle
  handlers: ResponseHandlers | undefined
  connected = false
  reused = false
  gotBytes = false
  timedOut = false
  keepAlive = true
  noBody = false
  remaining = 0
  chunk = Chunk.Size
  head: Buffer | undefined
  line = ''
  trailers: string[] | undefined
  pool: Connection[] | undefined
  readonly socket: Duplex & {connecting?: boolean; setTimeout?: (ms: number) => void; setNoDelay?: (b: boolean) => void}

  constructor(ep: UpstreamEndpoint, connectTimeoutMs: number) {
    this.socket = withConnectTimeout(openConnection(ep), connectTimeoutMs)
    const s = this.socket
    if (s.connecting === true) s.once('connect', () => (this.connected = true))
    else this.connected = true
    s.on('data', (d: Buffer) => this.onData(d))
    s.on('timeout', () => {
      if (this.state === State.Idle) s.destroy()
      else {
        this.timedOut = true
        s.destroy(Object.assign(new Error('upstream idle timeout'), {code: 'ETIMEDOUT'}))
      }
    })
    s.on('error', (err: Error) => this.fail(err))
    s.on('close', () => this.fail(undefined))
    s.on('end', () => {
      if (this.state === State.Close) return this.finish(undefined)
      s.destroy()
    })
  }

  send(text: string, noBody: boolean, handlers: ResponseHandlers, idleMs: number): void {
    this.handlers = handlers
    this.state = State.Head
    this.gotBytes = false
    this.timedOut = false
    this.noBody = noBody
    this.head = undefined
    this.trailers = undefined
    this.socket.setTimeout?.(idleMs)
    this.socket.write(text, 'latin1')
  }

  private fail(err: (Error & {code?: string}) | undefined): void {
    this.removeFromPool()
    const h = this.handlers
    if (h === undefined) return
    if (this.state === State.Close && err === undefined) return this.finish(undefined)
    this.handlers = undefined
    const state = this.state
    this.state = State.Idle
    const e = (err ?? Object.assign(new Error('upstream closed the connection'), {code: 'ECONNRESET'})) as NodeJS.ErrnoException
    const phase = !this.connected ? 'connect' : state === State.Head && !this.gotBytes ? (this.reused ? 'stale' : 'request') : state === State.Head ? 'request' : 'response'
    h.onError(e, phase, this.timedOut)
  }

  private removeFromPool(): void {
    if (this.pool === undefined) return
    const i = this.pool.indexOf(this)
    if (i >= 0) this.pool.splice(i, 1)
  }

  private bad(why: string): void {
    this.socket.destroy(Object.assign(new Error(`invalid HTTP response from upstream: ${why}`), {code: 'HPE_INVALID'}))
  }

  private onData(d: Buffer): void {
    if (this.state === State.Idle) {
      // Bytes with no request outstanding: the connection is out of sync.
      this.socket.destroy()
      return
    }
    this.gotBytes = true
    let buf = d
    while (buf.length > 0 && this.handlers !== undefined) {
      switch (this.state) {
        case State.Head: {
          const all = this.head ? Buffer.concat([this.head, buf]) : buf
          const end = all.indexOf('\r\n\r\n')
          if (end < 0) {
            if (all.length > MAX_HEAD) return this.bad('response head too large')
            this.head = all
            return
          }
          this.head = undefined
          buf = all.subarray(end + 4)
          if (!this.parseHead(all.toString('latin1', 0, end))) {
            // A response without a body followed by more bytes: the connection is out of sync.
            if (buf.length > 0 && (this.state as State) === State.Idle) {
              this.removeFromPool()
              this.socket.destroy()
            }
            return
          }
          break
        }
        case State.Length: {
          const n = Math.min(this.remaining, buf.length)
          const part = n === buf.length ? buf : buf.subarray(0, n)
          this.remaining -= n
          buf = buf.subarray(n)
          const more = this.handlers.onData(part)
          if (this.remaining === 0) return this.finish(undefined, buf.length > 0)
          if (!more) this.socket.pause()
          break
        }
        case State.Close: {
          if (!this.handlers.onData(buf)) this.socket.pause()
          return
        }
        case State.Chunked:
          buf = this.chunked(buf)
          break
        default:
          return
      }
    }
  }

  /** Parses a response head; false when the exchange ended (error or no body). */
  private parseHead(text: string): boolean {
    const lines = text.split('\r\n')
    const status = lines[0]!
    if (!/^HTTP\/1\.[01] \d{3}( |$)/.test(status)) {
      this.bad('malformed status line')
      return false
    }
    const code = Number(status.slice(9, 12))
    const http10 = status.charCodeAt(7) === 0x30
    const reason = status.slice(13)
    const list: string[] = []
    let length = -1
    let chunked = false
    let otherCoding = false
    let close = http10
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!
      const colon = line.indexOf(':')
      const first = line.charCodeAt(0)
      if (colon <= 0 || first === 0x20 || first === 0x09) {
        // Includes obsolete line folding, which a proxy may reject (RFC 9112 §5.2).
        this.bad('malformed header line')
        return false
      }
      const name = line.slice(0, colon)
      const value = line.slice(colon + 1).trim()
      switch (name.length) {
        case 10:
          if (name.toLowerCase() === 'connection') {
            const v = value.toLowerCase()
            if (v.includes('close')) close = true
            else if (http10 && v.includes('keep-alive')) close = false
          }
          break
        case 14:
          if (name.toLowerCase() === 'content-length') {
            if (!/^\d+$/.test(value) || (length >= 0 && Number(value) !== length)) {
              this.bad('invalid Content-Length')
              return false
            }
            length = Number(value)
          }
          break
        case 17:
          if (name.toLowerCase() === 'transfer-encoding') {
            const codings = value.toLowerCase().split(',')
            if (codings[codings.length - 1]!.trim() === 'chunked') chunked = true
            else otherCoding = true
          }
          break
      }
      list.push(name, value)
    }
    if (code >= 100 && code < 200) {
      if (code === 101) {
        this.bad('unexpected 101 Switching Protocols')
        return false
      }
      // Interim response: the final one follows.
      return true
    }
    this.keepAlive = !close
    const h = this.handlers!
    if (!h.onHead(code, reason, list)) {
      this.abort()
      return false
    }
    if (this.handlers === undefined) return false
    if (this.noBody || code === 204 || code === 304) {
      this.finish(undefined)
      return false
    }
    // RFC 9112 §6.3: Transfer-Encoding wins over Content-Length (and the connection is not reused).
    if (chunked || otherCoding) {
      if (length >= 0) this.keepAlive = false
      if (chunked) {
        this.state = State.Chunked
        this.chunk = Chunk.Size
        this.line = ''
      } else {
        this.state = State.Close
        this.keepAlive = false
      }
    } else if (length >= 0) {
      if (length === 0) {
        this.finish(undefined)
        return false
      }
      this.state = State.Length
      this.remaining = length
    } else {
      this.state = State.Close
      this.keepAlive = false
    }
    return true
  }

  /** Consumes chunked-coding bytes; returns what is left after the message (or an empty buffer). */
  private chunked(buf: Buffer): Buffer {
    while (buf.length > 0 && this.handlers !== undefined) {
      if (this.chunk === Chunk.Data) {
        const n = Math.min(this.remaining, buf.length)
        const part = buf.subarray(0, n)
        this.remaining -= n
        buf = buf.subarray(n)
        if (this.remaining === 0) this.chunk = Chunk.DataEnd
        if (!this.handlers.onData(part)) this.socket.pause()
        continue
      }
      const nl = buf.indexOf(CRLF)
      if (nl < 0) {
        this.line += buf.toString('latin1')
        if (this.line.length > 8192) this.bad('chunk line too long')
        return Buffer.alloc(0)
      }
      let line = this.line + buf.toString('latin1', 0, nl)
      this.line = ''
      buf = buf.subarray(nl + 1)
      if (line.endsWith('\r')) line = line.slice(0, -1)
      switch (this.chunk) {
        case Chunk.Size: {
          const semi = line.indexOf(';')
          const hex = (semi >= 0 ? line.slice(0, semi) : line).trim()
          if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) {
            this.bad('invalid chunk size')
            return Buffer.alloc(0)
          }
          const size = parseInt(hex, 16)
          if (size === 0) {
            this.chunk = Chunk.Trailers
          } else {
            this.remaining = size
            this.chunk = Chunk.Data
          }
          break
        }
        case Chunk.DataEnd:
          if (line !== '') {
            this.bad('missing CRLF after chunk data')
            return Buffer.alloc(0)
          }
          this.chunk = Chunk.Size
          break
        case Chunk.Trailers: {
          if (line === '') {
            this.finish(this.trailers, buf.length > 0)
            return Buffer.alloc(0)
          }
          const colon = line.indexOf(':')
          if (colon <= 0) {
            this.bad('malformed trailer line')
            return Buffer.alloc(0)
          }
          ;(this.trailers ??= []).push(line.slice(0, colon), line.slice(colon + 1).trim())
          break
        }
      }
    }
    return buf
  }

  /** The response is complete: hand the connection back to the pool (or close it). */
  private finish(trailers: string[] | undefined, extraBytes = false): void {
    const h = this.handlers
    this.handlers = undefined
    this.state = State.Idle
    const reusable = this.keepAlive && !extraBytes && !this.socket.destroyed && this.pool !== undefined
    if (reusable) {
      this.socket.resume()
      this.socket.setTimeout?.(POOL_IDLE_MS)
      this.reused = true
      this.pool!.push(this)
    } else {
      this.socket.destroy()
    }
    h?.onEnd(trailers)
  }

  abort(): void {
    this.handlers = undefined
    this.state = State.Idle
    this.removeFromPool()
    this.socket.destroy()
  }
}

/** Connections per endpoint (key + tls), most recently used first. */
export class H1Pool {
  private readonly pools = new Map<string, Connection[]>()

  constructor(
    private readonly connectTimeoutMs: number,
    private readonly idleTimeoutMs: number,
  ) {}

  /** Sends a serialized request head (no body) to `ep`. */
  request(ep: UpstreamEndpoint, text: string, noBody: boolean, handlers: ResponseHandlers): H1Exchange {
    const id = ep.tls ? `tls:${ep.key}` : ep.key
    let pool = this.pools.get(id)
    if (pool === undefined) {
      pool = []
      this.pools.set(id, pool)
    }
    let conn = pool.pop()
    while (conn !== undefined && conn.socket.destroyed) conn = pool.pop()
    if (conn === undefined) {
      conn = new Connection(ep, this.connectTimeoutMs)
      conn.pool = pool
    }
    const c = conn
    c.send(text, noBody, handlers, this.idleTimeoutMs)
    return {
      abort: () => {
        if (c.handlers === handlers) c.abort()
      },
      resume: () => {
        if (c.handlers === handlers) c.socket.resume()
      },
    }
  }

  /** Drops pools of endpoints with no idle connection. */
  sweep(): void {
    for (const [id, pool] of this.pools) if (pool.length === 0) this.pools.delete(id)
  }

  destroy(): void {
    for (const pool of this.pools.values()) for (const c of [...pool]) c.abort()
    this.pools.clear()
  }
}

/** The request head for the wire: request line and fields from a flat list. */
export function serializeHead(method: string, target: string, list: readonly string[]): string {
  let s = `${method} ${target} HTTP/1.1\r\n`
  for (let i = 0; i < list.length; i += 2) s += `${list[i]}: ${list[i + 1]}\r\n`
  return s + '\r\n'
}
