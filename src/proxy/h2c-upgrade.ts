import type * as http from 'node:http'
import type * as net from 'node:net'
import type {Duplex} from 'node:stream'

/**
 * `Upgrade: h2c` on a cleartext HTTP/1.1 request (what `curl --http2` sends to
 * an http:// URL, RFC 7540 §3.2) is a request the client is happy to have
 * answered over HTTP/1.1. Like nginx, which never switches protocols for h2c
 * (clients wanting HTTP/2 in cleartext send the preface, which the listener
 * already accepts), the gateway ignores the offer: the request is handed back
 * to the HTTP/1.1 server without its Upgrade, HTTP2-Settings and the matching
 * Connection tokens, with the body bytes Node read past the head, and is then
 * served like any other. Returns false (nothing done) for other upgrades
 * (WebSocket), which take the tunnel path.
 */
export function ignoreH2cUpgrade(server: http.Server, req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const protocols = (req.headers.upgrade ?? '').split(',').map((p) => p.trim().toLowerCase())
  if (!protocols.includes('h2c') || protocols.some((p) => p !== 'h2c') || req.method === 'CONNECT') return false
  const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`]
  const raw = req.rawHeaders
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (name === 'upgrade' || name === 'http2-settings') continue
    if (name === 'connection') {
      const kept = raw[i + 1]!.split(',').map((t) => t.trim()).filter((t) => t !== '' && !['upgrade', 'http2-settings'].includes(t.toLowerCase()))
      if (kept.length > 0) lines.push(`${raw[i]}: ${kept.join(', ')}`)
      continue
    }
    lines.push(`${raw[i]}: ${raw[i + 1]}`)
  }
  const s = socket as net.Socket
  s.pause()
  s.unshift(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), head]))
  server.emit('connection', s)
  s.resume()
  return true
}
