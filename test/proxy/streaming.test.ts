import assert from 'node:assert/strict'
import {createHash, randomBytes} from 'node:crypto'
import * as http from 'node:http'
import {Readable} from 'node:stream'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {after, before, describe, it} from 'node:test'
import {httpBackend, ingressYaml, serveYaml, serviceYaml, sleep, type Backend, type Started} from './helpers.js'

const MB = 1024 * 1024

setFlagsFromString('--expose-gc')
const gcNow = runInNewContext('gc') as (options: {type: 'major'; execution: 'sync'}) => void

/**
 * Full garbage collections, so what is measured is memory still referenced (not garbage awaiting
 * collection). Twice: V8 frees dead ArrayBuffers' memory concurrently after a collection, and
 * `arrayBuffers` counts them until the next one finishes that sweep. With one collection, Node 24
 * counted up to 30 MB of dead socket chunks as retained at random moments.
 */
function gc(): void {
  gcNow({type: 'major', execution: 'sync'})
  gcNow({type: 'major', execution: 'sync'})
}

function retained(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.arrayBuffers
}

/**
 * `totalMb` MB of varying bytes, produced on demand from a 4 MB ring of
 * 64 KB blocks (never the whole body in memory, little garbage). Each block
 * is stamped with its sequence number; the hash is taken as it is sent.
 */
function source(totalMb: number, hash: ReturnType<typeof createHash>): Readable {
  const BLOCK = 64 * 1024
  const ring = Array.from({length: 64}, () => randomBytes(BLOCK))
  const blocks = (totalMb * MB) / BLOCK
  let i = 0
  return new Readable({
    read() {
      if (i === blocks) return this.push(null)
      const chunk = ring[i % ring.length]!
      chunk.writeUInt32BE(i++, 0)
      hash.update(chunk)
      this.push(chunk)
    },
  })
}

/**
 * POSTs `totalMb` MB to /echo on `port` (the backend echoes it back) and samples, every 10 MB received,
 * the memory still referenced after a full collection. Returns the median and the peak growth over the
 * baseline: the median is what the body keeps in memory throughout (a gateway holding the body would
 * hold more with every sample), the peak also catches the moment's in-flight socket buffers.
 */
async function echoThrough(port: number, totalMb: number): Promise<{medianMb: number; peakMb: number; rssMb: number; receivedBytes: number; sameBytes: boolean}> {
  const sent = createHash('sha256')
  const received = createHash('sha256')
  let receivedBytes = 0
  gc()
  const baseline = retained()
  const baselineRss = process.memoryUsage().rss
  const samples: number[] = []
  let peakRss = baselineRss
  let nextSample = 10 * MB
  await new Promise<void>((resolve, reject) => {
    const req = http.request(
      {port, host: '127.0.0.1', method: 'POST', path: '/echo', agent: false, headers: {host: 's.test', 'content-type': 'application/octet-stream'}},
      (res) => {
        assert.equal(res.statusCode, 200)
        res.on('data', (c: Buffer) => {
          receivedBytes += c.length
          received.update(c)
          if (receivedBytes >= nextSample) {
            nextSample += 10 * MB
            peakRss = Math.max(peakRss, process.memoryUsage().rss)
            gc()
            samples.push(retained() - baseline)
          }
        })
        // Done once the connection is closed too, so the next measurement's baseline holds none of its buffers.
        res.on('end', () => req.socket?.destroyed ? resolve() : req.socket?.once('close', () => resolve()))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    source(totalMb, sent).pipe(req)
  })
  samples.sort((a, b) => a - b)
  return {
    medianMb: samples[samples.length >> 1]! / MB,
    peakMb: samples.at(-1)! / MB,
    rssMb: (peakRss - baselineRss) / MB,
    receivedBytes,
    sameBytes: received.digest('hex') === sent.digest('hex'),
  }
}

describe('proxy streaming', {timeout: 60_000}, () => {
  let backend: Backend
  let gw: Started
  let upstreamClosed: Promise<void> = Promise.resolve()
  let stalled: {req: http.IncomingMessage; res: http.ServerResponse} | undefined
  let responseWritten = 0
  before(async () => {
    backend = await httpBackend((req, res) => {
      if (req.url === '/echo') {
        // Streams the request body straight back.
        res.writeHead(200, {'content-type': 'application/octet-stream'})
        req.pipe(res)
      } else if (req.url === '/stall-request') {
        // Reads nothing until told to: the client must stall, not the gateway buffer.
        stalled = {req, res}
      } else if (req.url === '/big-response') {
        res.writeHead(200, {'content-type': 'application/octet-stream'})
        const block = Buffer.alloc(64 * 1024, 7)
        let written = 0
        const pump = () => {
          while (written < 100 * MB) {
            written += block.length
            responseWritten = written
            if (!res.write(block)) return void res.once('drain', pump)
          }
          res.end()
        }
        pump()
      } else if (req.url === '/slow-forever') {
        upstreamClosed = new Promise((r) => res.on('close', () => r()))
        res.writeHead(200, {'content-type': 'text/plain'})
        res.write('first')
      } else {
        res.end('ok')
      }
    })
    gw = await serveYaml(ingressYaml('s', [{host: 's.test', path: '/', service: 'web', port: 80}]) + serviceYaml('web', 80), {maps: [`web=http://127.0.0.1:${backend.port}`]})
  })
  after(async () => {
    await gw.close()
    await backend.close()
  })

  it('streams a 100 MB body both ways without buffering it', async (t) => {
    // The same 100 MB echo, first straight to the backend, then through the gateway. The client and the
    // backend share this process, and their own in-flight data (socket and stream buffers, tens of MB on
    // loopback, more on newer Node versions) is the floor: the gateway may add only its own few buffers.
    // Its extra socket pairs measured 0-15 MB here; buffering the body anywhere in the gateway would add about 100 MB.
    const direct = await echoThrough(backend.port, 100)
    const proxied = await echoThrough(gw.port, 100)
    for (const r of [direct, proxied]) {
      assert.equal(r.receivedBytes, 100 * MB)
      assert.ok(r.sameBytes, 'the echoed bytes are the bytes sent')
    }
    const mb = (r: typeof direct) => `median ${r.medianMb.toFixed(1)} MB, peak ${r.peakMb.toFixed(1)} MB`
    t.diagnostic(`retained memory growth while streaming 100 MB each way: direct ${mb(direct)}; through the gateway ${mb(proxied)} (RSS +${proxied.rssMb.toFixed(1)} MB incl. garbage)`)
    assert.ok(proxied.medianMb < direct.medianMb + 30, `memory grew by ${mb(proxied)} through the gateway against ${mb(direct)} direct`)
  })

  it('applies backpressure to a client uploading faster than the upstream reads', async (t) => {
    stalled = undefined
    let pushed = 0
    const req = http.request({port: gw.port, host: '127.0.0.1', method: 'POST', path: '/stall-request', agent: false, headers: {host: 's.test'}})
    req.on('error', () => {})
    const block = Buffer.alloc(64 * 1024, 1)
    // Write until the client's own stream says stop, waiting for drain; a buffering gateway would drain forever.
    const stalledAt = await new Promise<number>((resolve) => {
      let quiet: NodeJS.Timeout | undefined
      const pump = () => {
        while (pushed < 100 * MB) {
          pushed += block.length
          if (!req.write(block)) {
            clearTimeout(quiet)
            // No drain for 300 ms: the pipeline is full.
            quiet = setTimeout(() => resolve(pushed), 300)
            req.once('drain', pump)
            return
          }
        }
        resolve(pushed)
      }
      pump()
    })
    t.diagnostic(`upload stalled after ${(stalledAt / MB).toFixed(1)} MB with the upstream not reading`)
    const upstream = stalled as {res: http.ServerResponse} | undefined
    assert.ok(upstream, 'the upstream got the request')
    assert.ok(stalledAt < 40 * MB, `client pushed ${(stalledAt / MB).toFixed(1)} MB into a non-reading upstream`)
    req.destroy()
    upstream.res.destroy()
  })

  it('applies backpressure to an upstream answering faster than the client reads', async (t) => {
    responseWritten = 0
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request({port: gw.port, host: '127.0.0.1', path: '/big-response', agent: false, headers: {host: 's.test'}}, resolve)
      req.on('error', reject)
      req.end()
    })
    res.pause()
    let last = -1
    while (responseWritten !== last) {
      last = responseWritten
      await sleep(300)
    }
    t.diagnostic(`upstream stalled after writing ${(responseWritten / MB).toFixed(1)} MB to a client not reading`)
    assert.ok(responseWritten < 40 * MB, `upstream wrote ${(responseWritten / MB).toFixed(1)} MB to a paused client`)
    res.destroy()
  })

  it('aborts the upstream request when the client disconnects', async () => {
    const before = gw.infos.length
    await new Promise<void>((resolve, reject) => {
      const req = http.request({port: gw.port, host: '127.0.0.1', path: '/slow-forever', agent: false, headers: {host: 's.test'}}, (res) => {
        res.once('data', () => {
          req.destroy()
          resolve()
        })
      })
      req.on('error', () => {})
      req.on('close', () => resolve())
      req.end()
      setTimeout(() => reject(new Error('no first chunk')), 5000).unref()
    })
    await upstreamClosed
    while (gw.infos.length === before) await sleep(5)
    const info = gw.infos.at(-1)!
    assert.equal(info.error, 'client-abort')
    assert.equal(info.status, 499)
  })
})
