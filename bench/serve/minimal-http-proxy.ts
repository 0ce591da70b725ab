/**
 * The baseline: the smallest reasonable `http-proxy` reverse proxy, with a
 * keep-alive agent to the backend. No routing; every request goes to TARGET.
 *
 *   node dist/bench/serve/minimal-http-proxy.js TARGET_PORT [PORT]   (prints "listening PORT")
 */
import {Agent, createServer} from 'node:http'
import httpProxy from 'http-proxy'

const target = `http://127.0.0.1:${process.argv[2]}`
const agent = new Agent({keepAlive: true, maxSockets: 256})
const proxy = httpProxy.createProxyServer({target, agent})
proxy.on('error', (_err, _req, res) => {
  const r = res as import('node:http').ServerResponse
  if (!r.headersSent) r.writeHead(502)
  r.end()
})
const server = createServer((req, res) => proxy.web(req, res))
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const addr = server.address()
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
})
process.on('SIGTERM', () => process.exit(0))
