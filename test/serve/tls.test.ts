import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {request} from 'node:https'
import {after, before, test} from 'node:test'
import {generate} from 'selfsigned'
import {connect as tlsConnect, type PeerCertificate, type TLSSocket} from 'node:tls'
import {REQUEST_TIMEOUT_MS, ingressYaml, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

let tmp: ReturnType<typeof tempDir>
let backend: Backend
let served: Served
let testCa: {cert: string; key: string}
let secureCert: string
let wildCert: string

async function issue(host: string, keyType: 'rsa' | 'ec'): Promise<{cert: string; key: string}> {
  const p = await generate([{name: 'commonName', value: host}], {
    keyType,
    algorithm: 'sha256',
    ca: testCa,
    extensions: [
      {name: 'basicConstraints', cA: false},
      {name: 'keyUsage', digitalSignature: true, keyEncipherment: true},
      {name: 'subjectAltName', altNames: [{type: 2, value: host}]},
    ],
  })
  return {cert: p.cert, key: p.private}
}

function secretYaml(name: string, c: {cert: string; key: string}): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64')
  return `apiVersion: v1
kind: Secret
metadata: {name: ${name}, namespace: shop}
type: kubernetes.io/tls
data:
  tls.crt: ${b64(c.cert)}
  tls.key: ${b64(c.key)}
`
}

before(async () => {
  tmp = tempDir()
  backend = await startBackend('web')
  const ca = await generate([{name: 'commonName', value: 'test CA'}], {
    keyType: 'rsa',
    algorithm: 'sha256',
    extensions: [
      {name: 'basicConstraints', cA: true, critical: true},
      {name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true},
    ],
  })
  testCa = {cert: ca.cert, key: ca.private}
  const secure = await issue('secure.test', 'rsa')
  const wild = await issue('*.wild.test', 'rsa')
  secureCert = secure.cert
  wildCert = wild.cert
  tmp.write(
    'k8s/all.yaml',
    [
      ingressYaml({name: 'secure', ns: 'shop', host: 'secure.test', service: 'web', port: 80, tls: {hosts: ['secure.test'], secret: 'secure-tls'}}),
      ingressYaml({name: 'wild', ns: 'shop', host: '*.wild.test', service: 'web', port: 80, tls: {hosts: ['*.wild.test'], secret: 'wild-tls'}}),
      ingressYaml({name: 'plain', ns: 'shop', host: 'plain.test', service: 'web', port: 80}),
      ingressYaml({name: 'dev', ns: 'shop', host: '*.dev.test', service: 'web', port: 80}),
      ingressYaml({name: 'broken', ns: 'shop', host: 'broken.test', service: 'web', port: 80, tls: {hosts: ['broken.test'], secret: 'broken-tls'}}),
      secretYaml('secure-tls', secure),
      secretYaml('wild-tls', wild),
      `apiVersion: v1\nkind: Secret\nmetadata: {name: broken-tls, namespace: shop}\ntype: kubernetes.io/tls\nstringData:\n  tls.crt: not a certificate\n  tls.key: not a key\n`,
    ].join('---\n'),
  )
  served = await serve([`${tmp.dir}/k8s`], {caDir: `${tmp.dir}/ca`, maps: [`web=http://127.0.0.1:${backend.port}`]})
})

after(async () => {
  await served?.stop()
  await backend?.close()
  tmp?.cleanup()
})

interface TlsReply {
  status: number
  body: string
  peer: PeerCertificate
  alpn: string | false | null
}

function httpsGet(servername: string, ca: string, maxVersion: 'TLSv1.2' | 'TLSv1.3' = 'TLSv1.3'): Promise<TlsReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {host: '127.0.0.1', port: served.running.httpsPort, servername, path: '/', headers: {host: servername}, ca, agent: false, rejectUnauthorized: true, maxVersion},
      (res) => {
        const sock = res.socket as TLSSocket
        const peer = sock.getPeerCertificate()
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (c: string) => (body += c))
        res.on('end', () => resolve({status: res.statusCode ?? 0, body, peer, alpn: sock.alpnProtocol}))
      },
    )
    req.on('error', reject)
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer in time')))
    req.end()
  })
}

function fingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256
}

test('SNI picks the kubernetes.io/tls Secret of the host; the chain verifies with its CA (TLS 1.3 and 1.2)', async () => {
  for (const v of ['TLSv1.3', 'TLSv1.2'] as const) {
    const r = await httpsGet('secure.test', testCa.cert, v)
    assert.equal(r.status, 200)
    assert.equal(JSON.parse(r.body).headers['x-forwarded-proto'], 'https')
    assert.equal(r.peer.fingerprint256, fingerprint(secureCert), v)
  }
})

test('a wildcard TLS host serves its Secret for a name under it', async () => {
  const r = await httpsGet('a.wild.test', testCa.cert)
  assert.equal(r.status, 200)
  assert.equal(r.peer.fingerprint256, fingerprint(wildCert))
})

test('a host without a Secret gets a certificate from the development CA, verified with the CA certificate', async () => {
  const devCa = readFileSync(`${tmp.dir}/ca/ca.crt`, 'utf8')
  const r = await httpsGet('plain.test', devCa)
  assert.equal(r.status, 200)
  assert.equal(r.peer.subject.CN, 'plain.test')
  assert.equal((await httpsGet('plain.test', devCa, 'TLSv1.2')).peer.fingerprint256, r.peer.fingerprint256)
  assert.equal(r.peer.issuer.CN, 'ingressctl development CA')
  // Issued once per host, then reused.
  const again = await httpsGet('plain.test', devCa)
  assert.equal(again.peer.fingerprint256, r.peer.fingerprint256)
})

test('an unusable Secret falls back to the development CA and is reported without key material', async () => {
  const devCa = readFileSync(`${tmp.dir}/ca/ca.crt`, 'utf8')
  const r = await httpsGet('broken.test', devCa)
  assert.equal(r.status, 200)
  assert.equal(r.peer.issuer.CN, 'ingressctl development CA')
  assert.match(served.stderr.text, /Secret shop\/broken-tls: tls\.crt is not a PEM certificate; serving a development CA certificate instead/)
  assert.ok(!served.stderr.text.includes('PRIVATE KEY') && !served.stdout.text.includes('PRIVATE KEY'))
})

test('a client that trusts only another CA rejects the development CA certificate', async () => {
  await assert.rejects(httpsGet('plain.test', testCa.cert), /self.signed|unable to verify|certificate/i)
})

/** The certificate the HTTPS listener presents for an SNI name (not verified: any certificate is shown). */
function presented(servername: string): Promise<PeerCertificate> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({host: '127.0.0.1', port: served.running.httpsPort, servername, rejectUnauthorized: false}, () => {
      const peer = s.getPeerCertificate()
      s.destroy()
      resolve(peer)
    })
    s.on('error', reject)
    s.setTimeout(REQUEST_TIMEOUT_MS, () => s.destroy(new Error('no handshake in time')))
  })
}

test('SNI names no rule serves get the default certificate: no certificate is issued for made-up names', async () => {
  const localhost = fingerprint(readFileSync(`${tmp.dir}/ca/localhost.crt`, 'utf8'))
  // Names a client makes up, including ones next to served names (a wildcard covers one label only).
  const names = [...Array.from({length: 20}, (_, i) => `n${i}.unserved.test`), 'a.b.dev.test', 'dev.test', 'plain.test.evil.test']
  for (const name of names) {
    const peer = await presented(name)
    assert.equal(peer.fingerprint256, localhost, name)
  }
  // Served names still get theirs, a name under a wildcard rule (without a Secret) included.
  assert.equal((await presented('plain.test')).subject.CN, 'plain.test')
  const wild = await presented('app.dev.test')
  assert.deepEqual([wild.subject.CN, wild.issuer.CN], ['app.dev.test', 'ingressctl development CA'])
})
