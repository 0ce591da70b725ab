/**
 * The benchmark backend: a plain TCP server that answers every HTTP/1.1 GET
 * on a kept-alive connection with the same small 200 response, so the
 * backend is never what limits a measurement.
 *
 *   node dist/bench/serve/backend.js PORT   (0 = pick one; prints "listening PORT")
 */
import {createServer} from 'node:net'

const BODY = 'hello from the benchmark backend\n'
const RESPONSE = Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(BODY)}\r\nconnection: keep-alive\r\n\r\n${BODY}`)
const END = Buffer.from('\r\n\r\n')

const server = createServer({noDelay: true}, (socket) => {
  // Carry the last bytes of a chunk over, so a header end split across chunks is still seen.
  let tail: Buffer = Buffer.alloc(0)
  socket.on('data', (chunk: Buffer) => {
    const buf = tail.length > 0 ? Buffer.concat([tail, chunk]) : chunk
    let n = 0
    let from = 0
    for (;;) {
      const i = buf.indexOf(END, from)
      if (i < 0) break
      n++
      from = i + END.length
    }
    tail = buf.subarray(Math.max(from, buf.length - 3))
    if (n === 1) socket.write(RESPONSE)
    else if (n > 1) socket.write(Buffer.concat(Array.from({length: n}, () => RESPONSE)))
  })
  socket.on('error', () => socket.destroy())
})

server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  const addr = server.address()
  process.stdout.write(`listening ${typeof addr === 'object' && addr ? addr.port : 0}\n`)
})
process.on('SIGTERM', () => process.exit(0))
