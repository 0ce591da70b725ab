import assert from 'node:assert/strict'
import * as grpc from '@grpc/grpc-js'
import * as protoLoader from '@grpc/proto-loader'
import * as net from 'node:net'
import {after, before, describe, it} from 'node:test'
import {ingressYaml, serveYaml, serviceYaml, type Started} from './helpers.js'
import {CA, protoPath, testTls} from './tls-fixtures.js'

interface EchoRequest {
  message: string
  count?: number
}
interface EchoReply {
  message: string
  index: number
}

const definition = protoLoader.loadSync(protoPath, {keepCase: true, defaults: true})
const proto = grpc.loadPackageDefinition(definition) as unknown as {ingressctl: {test: {Echo: grpc.ServiceClientConstructor}}}
const Echo = proto.ingressctl.test.Echo

/** A real gRPC server implementing the four call shapes. */
async function grpcBackend(): Promise<{port: number; server: grpc.Server}> {
  const server = new grpc.Server()
  server.addService(Echo.service, {
    Unary(call: grpc.ServerUnaryCall<EchoRequest, EchoReply>, cb: grpc.sendUnaryData<EchoReply>) {
      const m = call.request.message
      if (m === 'fail') return cb({code: grpc.status.INVALID_ARGUMENT, details: 'asked to fail'})
      if (m === 'sleep') return void setTimeout(() => cb(null, {message: 'late', index: 0}), 1000)
      const md = new grpc.Metadata()
      md.set('x-served-by', 'backend')
      call.sendMetadata(md)
      const xff = call.metadata.get('x-forwarded-for')[0]
      cb(null, {message: `${m} (xff ${xff})`, index: 0})
    },
    ServerStream(call: grpc.ServerWritableStream<EchoRequest, EchoReply>) {
      for (let i = 0; i < (call.request.count ?? 0); i++) call.write({message: call.request.message, index: i})
      const trailer = new grpc.Metadata()
      trailer.set('x-total', String(call.request.count))
      call.end(trailer)
    },
    ClientStream(call: grpc.ServerReadableStream<EchoRequest, EchoReply>, cb: grpc.sendUnaryData<EchoReply>) {
      const parts: string[] = []
      call.on('data', (r: EchoRequest) => parts.push(r.message))
      call.on('end', () => cb(null, {message: parts.join('+'), index: parts.length}))
    },
    Bidi(call: grpc.ServerDuplexStream<EchoRequest, EchoReply>) {
      let i = 0
      call.on('data', (r: EchoRequest) => call.write({message: r.message.toUpperCase(), index: i++}))
      call.on('end', () => call.end())
    },
  })
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  )
  return {port, server}
}

function client(target: string, authority: string, secure = false): grpc.Client & Record<string, Function> {
  const creds = secure ? grpc.credentials.createSsl(Buffer.from(CA)) : grpc.credentials.createInsecure()
  const options: grpc.ClientOptions = {'grpc.default_authority': authority, ...(secure ? {'grpc.ssl_target_name_override': authority} : {})}
  return new Echo(target, creds, options) as unknown as grpc.Client & Record<string, Function>
}

function unary(c: grpc.Client & Record<string, Function>, message: string, deadlineMs = 10_000): Promise<{reply: EchoReply; headers: grpc.Metadata}> {
  return new Promise((resolve, reject) => {
    let headers = new grpc.Metadata()
    const call = c.Unary({message}, {deadline: Date.now() + deadlineMs}, (err: grpc.ServiceError | null, reply: EchoReply) => (err ? reject(err) : resolve({reply, headers})))
    call.on('metadata', (md: grpc.Metadata) => (headers = md))
  })
}

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as net.AddressInfo).port
  await new Promise<void>((r) => s.close(() => r()))
  return port
}

describe('proxy gRPC', () => {
  let backend: {port: number; server: grpc.Server}
  let gw: Started
  let slow: Started
  const clients: grpc.Client[] = []
  const make = (target: string, authority: string, secure = false) => {
    const c = client(target, authority, secure)
    clients.push(c)
    return c
  }
  before(async () => {
    backend = await grpcBackend()
    const dead = await freePort()
    const yaml =
      // appProtocol on the Service port…
      ingressYaml('grpc', [
        {host: 'grpc.test', path: '/', service: 'echo', port: 50051},
        {host: 'a.test', path: '/', service: 'echo', port: 50051},
        {host: 'down.test', path: '/', service: 'down', port: 50051},
        {host: 'unmapped.test', path: '/', service: 'unmapped', port: 50051},
      ]) +
      // …and the ingress-nginx annotation.
      ingressYaml('annotated', [{host: 'annotated.test', path: '/', service: 'plain', port: 9000}], {'nginx.ingress.kubernetes.io/backend-protocol': 'GRPC'}) +
      serviceYaml('echo', 50051, 'grpc', 'grpc') +
      serviceYaml('down', 50051, 'grpc', 'grpc') +
      serviceYaml('unmapped', 50051, 'grpc', 'grpc') +
      serviceYaml('plain', 9000)
    const maps = [`echo=http://127.0.0.1:${backend.port}`, `plain=http://127.0.0.1:${backend.port}`, `down=http://127.0.0.1:${dead}`]
    gw = await serveYaml(yaml, {maps}, {httpsPort: 0, tls: testTls})
    slow = await serveYaml(yaml, {maps}, {upstreamIdleTimeoutMs: 200})
  })
  after(async () => {
    for (const c of clients) c.close()
    await gw.close()
    await slow.close()
    await new Promise<void>((r) => backend.server.tryShutdown(() => r()))
  })

  it('proxies unary calls over h2c, with headers and the forwarded address', async () => {
    const c = make(`127.0.0.1:${gw.port}`, 'grpc.test')
    const {reply, headers} = await unary(c, 'hello')
    assert.match(reply.message, /^hello \(xff 127\.0\.0\.1/)
    assert.deepEqual(headers.get('x-served-by'), ['backend'])
    const info = gw.infos.find((i) => i.path === '/ingressctl.test.Echo/Unary')!
    assert.equal(info.protocol, 'h2c')
    assert.equal(info.upstream, `127.0.0.1:${backend.port}`)
  })

  it('proxies with the backend-protocol annotation and over TLS', async () => {
    assert.match((await unary(make(`127.0.0.1:${gw.port}`, 'annotated.test'), 'annotated')).reply.message, /^annotated/)
    assert.match((await unary(make(`127.0.0.1:${gw.httpsPort}`, 'a.test', true), 'secure')).reply.message, /^secure/)
  })

  it('relays server streaming with trailers', async () => {
    const c = make(`127.0.0.1:${gw.port}`, 'grpc.test')
    const got = await new Promise<{replies: EchoReply[]; trailers: grpc.Metadata}>((resolve, reject) => {
      const replies: EchoReply[] = []
      let trailers = new grpc.Metadata()
      const call = c.ServerStream({message: 'tick', count: 5})
      call.on('data', (r: EchoReply) => replies.push(r))
      call.on('status', (s: grpc.StatusObject) => (trailers = s.metadata))
      call.on('end', () => setImmediate(() => resolve({replies, trailers})))
      call.on('error', reject)
    })
    assert.deepEqual(got.replies.map((r) => r.index), [0, 1, 2, 3, 4])
    assert.deepEqual(got.trailers.get('x-total'), ['5'])
  })

  it('relays client streaming and bidirectional streaming', async () => {
    const c = make(`127.0.0.1:${gw.port}`, 'grpc.test')
    const summed = await new Promise<EchoReply>((resolve, reject) => {
      const call = c.ClientStream((err: grpc.ServiceError | null, r: EchoReply) => (err ? reject(err) : resolve(r)))
      for (const m of ['a', 'b', 'c']) call.write({message: m})
      call.end()
    })
    assert.deepEqual(summed, {message: 'a+b+c', index: 3})
    const replies = await new Promise<string[]>((resolve, reject) => {
      const out: string[] = []
      const call = c.Bidi()
      // Ping-pong: each message is sent after the previous answer, so both directions are live at once.
      const words = ['one', 'two', 'three']
      call.on('data', (r: EchoReply) => {
        out.push(`${r.index}:${r.message}`)
        const next = words[out.length]
        if (next) call.write({message: next})
        else call.end()
      })
      call.on('end', () => resolve(out))
      call.on('error', reject)
      call.write({message: words[0]})
    })
    assert.deepEqual(replies, ['0:ONE', '1:TWO', '2:THREE'])
  })

  it('passes upstream error statuses through', async () => {
    await assert.rejects(unary(make(`127.0.0.1:${gw.port}`, 'grpc.test'), 'fail'), (e: grpc.ServiceError) => e.code === grpc.status.INVALID_ARGUMENT && e.details === 'asked to fail')
  })

  it('answers proxy errors with grpc-status: UNIMPLEMENTED, UNAVAILABLE, DEADLINE_EXCEEDED', async () => {
    await assert.rejects(unary(make(`127.0.0.1:${gw.port}`, 'nope.test'), 'x'), (e: grpc.ServiceError) => {
      assert.equal(e.code, grpc.status.UNIMPLEMENTED)
      assert.match(e.details, /no Ingress rule matches host "nope.test"/)
      return true
    })
    await assert.rejects(unary(make(`127.0.0.1:${gw.port}`, 'unmapped.test'), 'x'), (e: grpc.ServiceError) => {
      assert.equal(e.code, grpc.status.UNAVAILABLE)
      assert.match(e.details, /Service default\/unmapped port 50051/)
      return true
    })
    await assert.rejects(unary(make(`127.0.0.1:${gw.port}`, 'down.test'), 'x'), (e: grpc.ServiceError) => {
      assert.equal(e.code, grpc.status.UNAVAILABLE)
      assert.match(e.details, /could not connect to upstream/)
      return true
    })
    await assert.rejects(unary(make(`127.0.0.1:${slow.port}`, 'grpc.test'), 'sleep'), (e: grpc.ServiceError) => {
      assert.equal(e.code, grpc.status.DEADLINE_EXCEEDED)
      assert.match(e.details, /sent no response in time/)
      return true
    })
  })
})
