/**
 * The second baseline: the smallest reasonable reverse proxy on undici (a
 * keep-alive Pool to the backend, responses streamed back). No routing; every
 * request goes to TARGET.
 *
 *   node dist/bench/serve/minimal-undici-proxy.js TARGET_PORT [PORT]   (prints "listening PORT")
 */
import {createServer, type IncomingHttpHeaders} from 'node:http'
import {Pool} from 'undici'

const pool = new Pool(`http://127.0.0.1:${process.argv[2]}`)
const HOP = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'expect']
const strip = (h: IncomingHttpHeaders) => Object.fromEntries(Object.entries(h).filter(([k]) => !HOP.includes(k))) as Record<string, string>
const server = createServer((req, res) => {
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : req
  pool.stream({path: req.url ?? '/', method: req.method ?? 'GET', headers: strip(req.headers), body}, ({statusCode, headers}) => res.writeHead(statusCode, strip(headers)), (err) => {
    if (err && !res.headersSent) res.writeHead(502).end()
    else if (err) res.destroy()
  })
})
server.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => {
  const addr = server.address()
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
})
process.on('SIGTERM', () => process.exit(0))
