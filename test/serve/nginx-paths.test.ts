/**
 * serve over real sockets, ingress-nginx hosts: which backend answers for
 * Exact, Prefix and ImplementationSpecific paths, in a host without regex and
 * in a host in regex mode; nginx's 301 for a prefix location's name without
 * its slash; the admin API's /routes shows profiles and locations.
 */
import assert from 'node:assert/strict'
import {after, before, describe, test} from 'node:test'
import {get, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

let tmp: ReturnType<typeof tempDir>
let served: Served
const backends = new Map<string, Backend>()
const NAMES = ['exact', 'prefix', 'impl', 'slash', 'plain', 'regex', 'spec']

function path(p: string, type: string, service: string): string {
  return `      - path: ${JSON.stringify(p)}\n        pathType: ${type}\n        backend: {service: {name: ${service}, port: {number: 80}}}\n`
}

function ingress(name: string, host: string, paths: string, o: {annotations?: Record<string, string>; className?: string} = {}): string {
  const ann = o.annotations ? `  annotations:\n${Object.entries(o.annotations).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('')}` : ''
  const cls = o.className === undefined ? '  ingressClassName: nginx\n' : o.className === '' ? '' : `  ingressClassName: ${o.className}\n`
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: app\n${ann}spec:\n${cls}  rules:\n  - host: ${host}\n    http:\n      paths:\n${paths}`
}

before(async () => {
  tmp = tempDir()
  for (const n of NAMES) backends.set(n, await startBackend(n))
  tmp.write(
    'k8s/ingresses.yaml',
    [
      ingress('static', 'static.test', path('/exact', 'Exact', 'exact') + path('/prefix', 'Prefix', 'prefix') + path('/impl', 'ImplementationSpecific', 'impl') + path('/slash/', 'Prefix', 'slash')),
      ingress('plain', 'regex.test', path('/foo', 'Prefix', 'plain') + path('/exact', 'Exact', 'exact')),
      ingress('regex', 'regex.test', path('/foo/bar/(.+)', 'ImplementationSpecific', 'regex'), {annotations: {'nginx.ingress.kubernetes.io/use-regex': 'true', 'nginx.ingress.kubernetes.io/rewrite-target': '/$1'}}),
      ingress('spec', 'spec.test', path('/slash/', 'Prefix', 'spec') + path('/impl', 'ImplementationSpecific', 'spec'), {className: 'traefik'}),
    ].join('---\n'),
  )
  served = await serve([`${tmp.dir}/k8s`], {caDir: `${tmp.dir}/ca`, maps: NAMES.map((n) => `app/${n}:80=http://127.0.0.1:${backends.get(n)!.port}`)})
})

after(async () => {
  await served?.stop()
  await Promise.all([...backends.values()].map((b) => b.close()))
  tmp?.cleanup()
})

/** The backend that answered, or the status when the gateway answered itself. */
async function who(host: string, p: string): Promise<string> {
  const r = await get(served.running.httpPort, p, {host})
  if (r.status !== 200) return String(r.status)
  return (JSON.parse(r.body) as {backend: string}).backend
}

describe('serve: an ingress-nginx host without regex', () => {
  test('Exact is exact; Prefix and ImplementationSpecific are element-wise (= /p plus /p/)', async () => {
    assert.equal(await who('static.test', '/exact'), 'exact')
    assert.equal(await who('static.test', '/exact/'), '404')
    assert.equal(await who('static.test', '/prefix'), 'prefix')
    assert.equal(await who('static.test', '/prefix/a/b?q=1'), 'prefix')
    assert.equal(await who('static.test', '/prefixed'), '404')
    assert.equal(await who('static.test', '/impl/x'), 'impl')
    assert.equal(await who('static.test', '/implx'), '404')
    // nginx matches the normalized URI.
    assert.equal(await who('static.test', '/%70refix/x'), 'prefix')
    assert.equal(await who('static.test', '/exact/../prefix/x'), 'prefix')
  })

  test('a prefix location /slash/ answers /slash with nginx\'s 301 to /slash/ (query kept, no port)', async () => {
    const r = await get(served.running.httpPort, '/slash?a=1', {host: 'static.test:8080'})
    assert.equal(r.status, 301)
    assert.equal(r.headers.location, 'http://static.test/slash/?a=1')
    assert.equal(await who('static.test', '/slash/x'), 'slash')
    // The same paths under the spec profile: /slash is served.
    assert.equal(await who('spec.test', '/slash'), 'spec')
    assert.equal(await who('spec.test', '/implx'), '404')
  })
})

describe('serve: an ingress-nginx host in regex mode', () => {
  test('regex locations, case-insensitive, tried longest path first; Exact loses its exactness', async () => {
    assert.equal(await who('regex.test', '/foo/bar/baz'), 'regex')
    assert.equal(await who('regex.test', '/FOO/BAR/baz'), 'regex')
    assert.equal(await who('regex.test', '/foo'), 'plain')
    assert.equal(await who('regex.test', '/foobar'), 'plain')
    assert.equal(await who('regex.test', '/Exact/more'), 'exact')
    assert.equal(await who('regex.test', '/other'), '404')
  })
})

describe('admin API', () => {
  test('/routes shows each route\'s profile and its nginx locations', async () => {
    const r = await get(served.running.adminPort, '/routes')
    assert.equal(r.status, 200)
    const data = JSON.parse(r.body) as {routes: Array<{host: string; path: string; profile: {name: string; reason: string}; locations?: string[]}>}
    const prefix = data.routes.find((x) => x.host === 'static.test' && x.path === '/prefix')
    assert.equal(prefix?.profile.name, 'ingress-nginx')
    assert.deepEqual(prefix?.locations, ['/prefix/', '= /prefix'])
    const plain = data.routes.find((x) => x.host === 'regex.test' && x.path === '/foo')
    assert.deepEqual(plain?.locations, ['~* "^/foo/"', '~* "^/foo"'])
    const spec = data.routes.find((x) => x.host === 'spec.test')
    assert.equal(spec?.profile.name, 'spec')
    assert.equal(spec?.locations, undefined)
  })
})
