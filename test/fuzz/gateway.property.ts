/**
 * The gateway over real sockets, on mutated upstream responses and mutated
 * client requests: the process never crashes, and the next request on the
 * same client connection (and on the same upstream connection, when the
 * gateway pooled it) gets its own answer.
 *
 * The hostile upstream is a raw TCP server: a request for `/first-…` gets
 * exactly the bytes of the case; any other request gets a clean answer naming
 * the path it asked for, so a pooled connection left holding stray bytes
 * shows up as a wrong answer.
 */
import * as http from 'node:http'
import * as net from 'node:net'
import type {AddressInfo} from 'node:net'
import fc from 'fast-check'
import {httpBackend, ingressYaml, serveYaml, serviceYaml, type Backend, type Started} from '../proxy/helpers.js'
import type {FuzzProperty} from './runs.js'

// ---------------------------------------------------------------- upstream responses

const CRLF = '\r\n'
const RESPONSE_SEEDS: readonly string[] = [
  `HTTP/1.1 200 OK${CRLF}Content-Length: 2${CRLF}Content-Type: text/plain${CRLF}${CRLF}ok`,
  `HTTP/1.1 200 OK${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}2${CRLF}ok${CRLF}0${CRLF}${CRLF}`,
  `HTTP/1.1 200 OK${CRLF}Transfer-Encoding: chunked${CRLF}Trailer: X-T${CRLF}${CRLF}2${CRLF}ok${CRLF}0${CRLF}X-T: v${CRLF}${CRLF}`,
  `HTTP/1.1 204 No Content${CRLF}${CRLF}`,
  `HTTP/1.1 304 Not Modified${CRLF}ETag: "x"${CRLF}${CRLF}`,
  `HTTP/1.1 200 OK${CRLF}Connection: close${CRLF}${CRLF}body until close`,
  `HTTP/1.0 200 OK${CRLF}Content-Length: 2${CRLF}${CRLF}ok`,
  `HTTP/1.1 100 Continue${CRLF}${CRLF}HTTP/1.1 200 OK${CRLF}Content-Length: 2${CRLF}${CRLF}ok`,
  `HTTP/1.1 302 Found${CRLF}Location: /x${CRLF}Content-Length: 0${CRLF}${CRLF}`,
  `HTTP/1.1 500 Internal Server Error${CRLF}Content-Length: 5${CRLF}${CRLF}error`,
]

/** Header lines and fragments hostile upstreams send (framing conflicts, bad names and values). */
const HOSTILE_LINES = [
  'Content-Length: 2',
  'Content-Length: 100',
  'Content-Length: 0',
  'Content-Length: 2, 2',
  'Content-Length: -1',
  'Content-Length: 1e3',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip',
  'Transfer-Encoding: xchunked',
  'Transfer-Encoding: chunked, gzip',
  'Transfer-Encoding: gzip, chunked',
  'Connection: close',
  'Connection: keep-alive',
  'Connection: upgrade',
  'Upgrade: websocket',
  'Keep-Alive: timeout=0',
  'Trailer: X-T',
  'X-Empty:',
  ' folded: continuation',
  'Bad Name: x',
  'X-T: a\x01b',
  'X-Long: ' + 'a'.repeat(9000),
  'Set-Cookie: a=b',
  'Content-Type: text/html',
]
const TAILS = ['', `HTTP/1.1 200 OK${CRLF}Content-Length: 5${CRLF}${CRLF}EVIL!`, 'garbage', `0${CRLF}${CRLF}`, `${CRLF}`, '5\r\nhello\r\n0\r\n\r\n']

type ByteMutation =
  | {kind: 'header'; line: string; at: number}
  | {kind: 'insert'; at: number; text: string}
  | {kind: 'delete'; at: number; length: number}
  | {kind: 'truncate'; at: number}
  | {kind: 'reason'; text: string}

const BYTES = ['\x00', '\x01', '\r', '\n', ' ', ':', '\x7f', '\x80', 'é', '0', 'chunked', ';ext=1', '\t']

const byteMutation = (lines: readonly string[]): fc.Arbitrary<ByteMutation> =>
  fc.oneof(
    {weight: 4, arbitrary: fc.record({kind: fc.constant('header' as const), line: fc.constantFrom(...lines), at: fc.nat()})},
    {weight: 2, arbitrary: fc.record({kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...BYTES), fc.string({unit: 'binary-ascii', maxLength: 3}))})},
    {weight: 1, arbitrary: fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 6})})},
    {weight: 1, arbitrary: fc.record({kind: fc.constant('truncate' as const), at: fc.nat()})},
    {weight: 1, arbitrary: fc.record({kind: fc.constant('reason' as const), text: fc.constantFrom('O\x01K', '', 'OK OK', '\x7f', 'é', 'O\tK')})},
  )

/** Applies byte mutations to a message (a header line goes in at a line boundary of the head). */
export function mutateMessage(message: string, ms: readonly ByteMutation[]): string {
  let t = message
  for (const m of ms) {
    const headEnd = t.indexOf(CRLF + CRLF)
    switch (m.kind) {
      case 'header': {
        const starts: number[] = []
        for (let i = t.indexOf(CRLF); i !== -1 && (headEnd === -1 || i <= headEnd); i = t.indexOf(CRLF, i + 2)) starts.push(i + 2)
        if (starts.length === 0) break
        const at = starts[m.at % starts.length]!
        t = t.slice(0, at) + m.line + CRLF + t.slice(at)
        break
      }
      case 'insert': {
        const at = m.at % (t.length + 1)
        t = t.slice(0, at) + m.text + t.slice(at)
        break
      }
      case 'delete': {
        const at = m.at % (t.length + 1)
        t = t.slice(0, at) + t.slice(at + m.length)
        break
      }
      case 'truncate':
        t = t.slice(0, m.at % (t.length + 1))
        break
      case 'reason':
        t = t.replace(/^(HTTP\/1\.[01] \d{3}) [^\r\n]*/, `$1 ${m.text}`)
        break
    }
  }
  return t
}

export interface ResponseCase {
  readonly bytes: string
  /** The upstream closes its connection right after the bytes (else it keeps it open for a clean second answer). */
  readonly close: boolean
}

export const responseCase: fc.Arbitrary<ResponseCase> = fc.record({
  bytes: fc
    .tuple(fc.constantFrom(...RESPONSE_SEEDS), fc.array(byteMutation(HOSTILE_LINES), {maxLength: 4}), fc.constantFrom(...TAILS))
    .map(([seed, ms, tail]) => mutateMessage(seed, ms) + tail),
  close: fc.boolean(),
})

// ---------------------------------------------------------------- client requests

const REQUEST_SEEDS: readonly string[] = [
  `GET /r HTTP/1.1${CRLF}Host: good.test${CRLF}${CRLF}`,
  `POST /r HTTP/1.1${CRLF}Host: good.test${CRLF}Content-Length: 5${CRLF}${CRLF}hello`,
  `POST /r HTTP/1.1${CRLF}Host: good.test${CRLF}Transfer-Encoding: chunked${CRLF}${CRLF}5${CRLF}hello${CRLF}0${CRLF}${CRLF}`,
  `GET /r HTTP/1.0${CRLF}Host: good.test${CRLF}Connection: keep-alive${CRLF}${CRLF}`,
  `PUT /r?x=1 HTTP/1.1${CRLF}Host: good.test${CRLF}Expect: 100-continue${CRLF}Content-Length: 2${CRLF}${CRLF}ok`,
  `GET http://good.test/r HTTP/1.1${CRLF}Host: other.test${CRLF}${CRLF}`,
]
const HOSTILE_REQUEST_LINES = [
  'Content-Length: 5',
  'Content-Length: 0',
  'Content-Length: 5, 5',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip',
  'Transfer-Encoding: chunked, gzip',
  'Host: good.test',
  'Host: bad.test',
  'Connection: Host',
  'Connection: close',
  'Connection: keep-alive, Upgrade',
  'Upgrade: websocket',
  'Expect: 100-continue',
  'X-Forwarded-For: 1.2.3.4',
  'Te: trailers',
  ' folded: x',
  'Bad Name: x',
  'X-V: a\x01b',
]

export const requestBytes: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...REQUEST_SEEDS), fc.array(byteMutation(HOSTILE_REQUEST_LINES), {maxLength: 4}), fc.constantFrom('', '', 'GET /x HTTP/1.1\r\nHost: good.test\r\n\r\n', '0\r\n\r\n', 'garbage'))
  .map(([seed, ms, tail]) => mutateMessage(seed, ms).replace(/^(\S+ \S+) HTTP/, '$1 HTTP') + tail)

// ---------------------------------------------------------------- the harness

/** The raw upstream: `/first-…` → the case's bytes; any other path → a clean answer naming it. */
async function hostileUpstream(current: () => ResponseCase): Promise<{port: number; close(): Promise<void>}> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => s.destroy())
    let buf = ''
    let idle: NodeJS.Timeout | undefined
    const arm = (): void => {
      clearTimeout(idle)
      idle = setTimeout(() => s.destroy(), 300)
    }
    arm()
    s.setEncoding('latin1')
    s.on('data', (d: string) => {
      buf += d
      for (let end = buf.indexOf('\r\n\r\n'); end !== -1; end = buf.indexOf('\r\n\r\n')) {
        const head = buf.slice(0, end)
        buf = buf.slice(end + 4)
        const cl = /\r\ncontent-length:\s*(\d+)/i.exec(head)
        if (cl) buf = buf.slice(Number(cl[1])) // request bodies are small and arrive whole here
        const c = current()
        const path = head.split(' ')[1] ?? '?'
        if (path.startsWith('/first-')) {
          s.write(Buffer.from(c.bytes, 'latin1'))
          if (c.close) {
            s.end()
            return
          }
        } else {
          const body = `ok-${path}`
          s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`)
        }
        arm()
      }
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      }),
  }
}

interface Answer {
  status?: number
  body?: string
  error?: string
  reused: boolean
}

function ask(agent: http.Agent, port: number, host: string, path: string, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request({host: '127.0.0.1', port, path, headers: {host}, agent})
    const timer = setTimeout(() => {
      req.destroy(new Error('timeout'))
    }, timeoutMs)
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('latin1')
      res.on('data', (d: string) => (body += d))
      res.on('end', () => {
        clearTimeout(timer)
        resolve({status: res.statusCode, body, reused: req.reusedSocket})
      })
      res.on('error', (e) => {
        clearTimeout(timer)
        resolve({error: e.message, reused: req.reusedSocket})
      })
      res.on('aborted', () => undefined)
    })
    req.on('error', (e) => {
      clearTimeout(timer)
      resolve({error: (e as NodeJS.ErrnoException).code ?? e.message, reused: req.reusedSocket})
    })
    req.end()
  })
}

/** The next request gets its own answer; a reused connection the server had closed may fail once, then a fresh one must work. */
async function expectOwnAnswer(agent: http.Agent, port: number, host: string, path: string, what: string): Promise<void> {
  let a = await ask(agent, port, host, path, 3000)
  if (a.error !== undefined && a.reused && /ECONNRESET|socket hang up|EPIPE/.test(a.error)) a = await ask(new http.Agent(), port, host, path, 3000)
  if (a.status !== 200 || a.body !== `ok-${path}`) {
    throw new Error(`${what}: the next request (${host}${path}) got ${a.error ? `error ${a.error}` : `${a.status} ${JSON.stringify(a.body?.slice(0, 120))}`}${a.reused ? ' on the reused connection' : ''}`)
  }
}

/**
 * Writes raw bytes and reads what comes back until the gateway closes (or a
 * time limit). No half-close: node:http aborts pipelined requests on a FIN.
 */
function rawExchange(port: number, bytes: string, timeoutMs: number): Promise<{data: string; timedOut: boolean}> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(Buffer.from(bytes, 'latin1')))
    let data = ''
    const timer = setTimeout(() => {
      c.destroy()
      resolve({data, timedOut: true})
    }, timeoutMs)
    c.setEncoding('latin1')
    c.on('data', (d: string) => (data += d))
    c.on('error', () => undefined)
    c.on('close', () => {
      clearTimeout(timer)
      resolve({data, timedOut: false})
    })
  })
}

/** One response as framed on the client connection. */
interface Framed {
  status: number
  head: string
  body: string
  /** Body delimited by the end of the connection (no Content-Length, not chunked). */
  toClose: boolean
  /** The connection ended inside this response. */
  truncated: boolean
}

/**
 * Splits what the gateway wrote on a client connection into responses, by
 * RFC 9112 framing (1xx heads, 204/304 without body, chunked, Content-Length,
 * else to the end). The gateway's answers come from node:http, so anything
 * that does not frame is the gateway's doing. Returns the responses, and the
 * bytes that follow them when they do not frame (a desync).
 */
export function frameResponses(data: string): {responses: Framed[]; garbage?: string} {
  const responses: Framed[] = []
  let i = 0
  while (i < data.length) {
    const headEnd = data.indexOf('\r\n\r\n', i)
    const m = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(data.slice(i, i + 4096))
    if (!m) return {responses, garbage: data.slice(i)}
    if (headEnd === -1) {
      responses.push({status: Number(m[1]), head: data.slice(i), body: '', toClose: false, truncated: true})
      return {responses}
    }
    const head = data.slice(i, headEnd)
    const status = Number(m[1])
    i = headEnd + 4
    const fields = head.split('\r\n').slice(1)
    const value = (name: string): string[] => fields.filter((f) => f.toLowerCase().startsWith(`${name}:`)).map((f) => f.slice(name.length + 1).trim())
    if (status >= 100 && status < 200) {
      responses.push({status, head, body: '', toClose: false, truncated: false})
      continue
    }
    if (status === 204 || status === 304) {
      responses.push({status, head, body: '', toClose: false, truncated: false})
      continue
    }
    const te = value('transfer-encoding')
    const cl = value('content-length')
    if (te.length > 0) {
      let body = ''
      for (;;) {
        const lineEnd = data.indexOf('\r\n', i)
        if (lineEnd === -1) {
          responses.push({status, head, body, toClose: false, truncated: true})
          return {responses}
        }
        const size = parseInt(data.slice(i, lineEnd).split(';')[0]!, 16)
        if (Number.isNaN(size)) return {responses, garbage: data.slice(i)}
        i = lineEnd + 2
        if (size === 0) {
          const trailersEnd = data.startsWith('\r\n', i) ? i : data.indexOf('\r\n\r\n', i)
          if (trailersEnd === -1) {
            responses.push({status, head, body, toClose: false, truncated: true})
            return {responses}
          }
          i = trailersEnd + (trailersEnd === i ? 2 : 4)
          break
        }
        if (data.length < i + size + 2) {
          responses.push({status, head, body: body + data.slice(i), toClose: false, truncated: true})
          return {responses}
        }
        body += data.slice(i, i + size)
        if (data.slice(i + size, i + size + 2) !== '\r\n') return {responses, garbage: data.slice(i + size)}
        i += size + 2
      }
      responses.push({status, head, body, toClose: false, truncated: false})
    } else if (cl.length > 0) {
      const n = Number(cl[0])
      const body = data.slice(i, i + n)
      responses.push({status, head, body, toClose: false, truncated: body.length < n})
      i += n
    } else {
      responses.push({status, head, body: data.slice(i), toClose: true, truncated: false})
      i = data.length
    }
  }
  return {responses}
}

/**
 * The answers on one client connection to [something, then a clean request
 * for `path` with Connection: close], pipelined: everything frames; the
 * answer naming `path`, when there is one, is the last response and the only
 * one naming it; no more final responses than `requests` (when known).
 */
function checkStream(data: string, path: string, what: string, requests?: number): void {
  const {responses, garbage} = frameResponses(data)
  const show = (s: string): string => JSON.stringify(s.slice(0, 300))
  if (garbage !== undefined) throw new Error(`${what}: bytes that are no response on the client connection after ${responses.length} response(s): ${show(garbage)}\nstream: ${show(data)}`)
  const own = `ok-${path}`
  const mine = responses.filter((r) => r.body === own && r.status === 200)
  const last = responses[responses.length - 1]
  if (mine.length > 1) throw new Error(`${what}: the answer to ${path} came twice: ${show(data)}`)
  if (mine.length === 1 && mine[0] !== last) throw new Error(`${what}: responses after the answer to the last request: ${show(data)}`)
  for (const r of responses) if (r !== last && r.body.includes(own)) throw new Error(`${what}: the answer to ${path} inside another response's body: ${show(data)}`)
  const finals = responses.filter((r) => r.status >= 200)
  if (requests !== undefined && finals.length > requests) throw new Error(`${what}: ${finals.length} final responses to ${requests} requests: ${show(data)}`)
}

interface Harness {
  gw: Started
  good: Backend
  bad: {port: number; close(): Promise<void>}
  current: ResponseCase
  crashes: Error[]
  counter: number
  close(): Promise<void>
}

async function harness(): Promise<Harness> {
  const h = {current: {bytes: '', close: true}, crashes: [] as Error[], counter: 0} as Harness
  h.good = await httpBackend((req, res) => {
    req.resume()
    req.on('end', () => {
      const body = `ok-${req.url}`
      res.writeHead(200, {'content-length': Buffer.byteLength(body)})
      res.end(body)
    })
  })
  h.bad = await hostileUpstream(() => h.current)
  const yaml =
    ingressYaml('fuzz', [
      {host: 'bad.test', path: '/', service: 'bad', port: 80},
      {host: 'good.test', path: '/', service: 'good', port: 80},
    ]) +
    serviceYaml('bad', 80) +
    serviceYaml('good', 80)
  h.gw = await serveYaml(yaml, {maps: [`bad=http://127.0.0.1:${h.bad.port}`, `good=http://127.0.0.1:${h.good.port}`]}, {upstreamIdleTimeoutMs: 1500})
  // A crash of the gateway is an uncaught exception in this process: recorded, and the case fails.
  const onCrash = (err: Error): void => {
    h.crashes.push(err)
  }
  process.on('uncaughtException', onCrash)
  h.close = async () => {
    process.off('uncaughtException', onCrash)
    await h.gw.close()
    await h.good.close()
    await h.bad.close()
  }
  return h
}

function checkCrashes(h: Harness, what: string): void {
  if (h.crashes.length > 0) {
    const err = h.crashes[0]!
    h.crashes.length = 0
    throw new Error(`${what}: the gateway process threw ${err.stack ?? err}`)
  }
}

export const gatewayResponseProperty: FuzzProperty = {
  name: 'gateway: mutated upstream responses never crash it; the next request on the connection gets its own answer',
  weight: 1,
  ciRuns: 100,
  maxRuns: 5_000,
  async: true,
  build: async () => {
    const h = await harness()
    const property = fc.asyncProperty(responseCase, async (c) => {
      h.current = c
      const n = h.counter++
      // The hostile answer, then a clean request pipelined on the same client connection.
      const next = `/next-${n}`
      // The upstream ends its side within 1.5 s (its own idle timer, or the gateway's upstream timeout),
      // and the clean request says Connection: close: the exchange has an end.
      const {data, timedOut} = await rawExchange(
        h.gw.port,
        `GET /first-${n} HTTP/1.1\r\nHost: bad.test\r\n\r\nGET ${next} HTTP/1.1\r\nHost: bad.test\r\nConnection: close\r\n\r\n`,
        5000,
      )
      checkCrashes(h, 'first request')
      if (timedOut) throw new Error(`the client connection got no end within 5 s: ${JSON.stringify(data.slice(0, 300))}`)
      checkStream(data, next, 'client connection', 2)
      // The bad upstream's pooled connection (when the gateway kept it), and another upstream.
      const agent = new http.Agent({keepAlive: true, maxSockets: 1})
      try {
        await expectOwnAnswer(agent, h.gw.port, 'bad.test', `/again-${n}`, 'same upstream')
        await expectOwnAnswer(agent, h.gw.port, 'good.test', `/other-${n}`, 'other upstream')
        checkCrashes(h, 'next requests')
      } finally {
        agent.destroy()
      }
      return true
    })
    return {property, close: () => h.close()}
  },
}

export const gatewayRequestProperty: FuzzProperty = {
  name: 'gateway: mutated client requests never crash it or leave a stray answer; the next request gets its own answer',
  weight: 1,
  ciRuns: 80,
  maxRuns: 5_000,
  async: true,
  build: async () => {
    const h = await harness()
    h.current = {bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok', close: false}
    const property = fc.asyncProperty(requestBytes, async (bytes) => {
      const n = h.counter++
      const marker = `/m-${n}`
      // The mutated request, then a clean one pipelined on the same connection.
      // A mutated request may rightly take the clean one as its body and wait for more: what came
      // back within the time limit must still frame.
      const {data} = await rawExchange(h.gw.port, `${bytes}GET ${marker} HTTP/1.1\r\nHost: good.test\r\nConnection: close\r\n\r\n`, 800)
      checkCrashes(h, 'mutated request')
      checkStream(data, marker, 'client connection')
      await expectOwnAnswer(new http.Agent(), h.gw.port, 'good.test', `/after-${n}`, 'fresh connection')
      checkCrashes(h, 'next request')
      return true
    })
    return {property, close: () => h.close()}
  },
}
