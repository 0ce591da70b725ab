/** Runs the built binary: `node bin/run.js match ...` (JSON shape, text, exit codes 0/1/2). */
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {describe, test} from 'node:test'

const root = fileURLToPath(new URL('../../../', import.meta.url))

function run(args: string[], input?: string): {code: number | null; stdout: string; stderr: string} {
  const r = spawnSync(process.execPath, ['bin/run.js', 'match', ...args], {cwd: root, encoding: 'utf8', input: input ?? '', timeout: 30_000})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

const SHOP = ['-f', 'fixtures/match/shop.yaml']

describe('ingressctl match (binary)', () => {
  test('-o json: a matched Exact route with a named port, exactly the documented shape', () => {
    const r = run([...SHOP, 'http://shop.example.com/cart?ref=home', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(
      r.stdout,
      '{"matched": true, "route": {"ingress": "shop/storefront", "host": "shop.example.com", "path": "/cart", "pathType": "Exact", "defaultBackend": false}, "backend": {"service": {"name": "cart", "port": {"name": "http"}}}, "action": {"type": "proxy", "upstreamPath": "/cart?ref=home", "upstreamHost": "shop.example.com"}}\n',
    )
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['matched', 'route', 'backend', 'action'])
  })

  test('-o json: Prefix on a sub-path, port number, Host header with port and case', () => {
    const r = run([...SHOP, '/cart/items/3', '--header', 'Host: SHOP.example.com:8443', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout), {
      matched: true,
      route: {ingress: 'shop/storefront', host: 'shop.example.com', path: '/cart', pathType: 'Prefix', defaultBackend: false},
      backend: {service: {name: 'cart-pages', port: {number: 8080}}},
      action: {type: 'proxy', upstreamPath: '/cart/items/3', upstreamHost: 'SHOP.example.com:8443'},
    })
  })

  test('-o json: wildcard host', () => {
    const r = run([...SHOP, 'pr-7.preview.example.com/x', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).route.host, '*.preview.example.com')
  })

  test('no route: {"matched": false, "status": 404} and exit 1', () => {
    for (const url of ['http://a.b.preview.example.com/', 'http://other.example.com/', '/']) {
      const r = run([...SHOP, url, '-o', 'json'])
      assert.equal(r.code, 1, `${url}: ${r.stderr}`)
      assert.equal(r.stdout, '{"matched": false, "status": 404, "action": {"type": "respond", "status": 404}}\n')
    }
  })

  test('default backend: matched with defaultBackend true; --ingress-class selects', () => {
    const both = ['-f', 'fixtures/match/shop.yaml', '-f', 'fixtures/match/with-default.yaml']
    const r = run([...both, 'http://nowhere.example.com/x', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(
      r.stdout,
      '{"matched": true, "route": {"ingress": "edge/fallback", "host": "*", "path": "/", "pathType": "Prefix", "defaultBackend": true}, "backend": {"service": {"name": "not-found-page", "port": {"number": 80}}}, "action": {"type": "proxy", "upstreamPath": "/x", "upstreamHost": "nowhere.example.com"}}\n',
    )
    const other = run([...both, '--ingress-class', 'nginx', 'http://nowhere.example.com/x', '-o', 'json'])
    assert.equal(other.code, 1)
    assert.equal(other.stdout, '{"matched": false, "status": 404, "action": {"type": "respond", "status": 404}}\n')
    const text = run([...both, '--ingress-class', 'nginx', 'http://nowhere.example.com/x'])
    assert.equal(text.code, 1)
    assert.match(text.stdout, /^not considered \(--ingress-class\): shop\/storefront, shop\/previews, shop\/storefront-copy, edge\/fallback$/m)
    // Only the `internal` class: the class-less shop Ingresses are left out, the fallback serves shop.example.com too.
    const internal = run([...both, '--ingress-class', 'internal', 'http://shop.example.com/cart'])
    assert.equal(internal.code, 0, internal.stderr)
    assert.match(internal.stdout, /^matched {2}Ingress edge\/fallback/m)
    assert.match(internal.stdout, /^not considered \(--ingress-class\): shop\/storefront, shop\/previews, shop\/storefront-copy$/m)
  })

  test('--explain adds the candidates that lost, and the warnings about the winning Ingress', () => {
    const r = run([...SHOP, 'http://shop.example.com/', '-o', 'json', '--explain'])
    assert.equal(r.code, 0, r.stderr)
    const out = JSON.parse(r.stdout)
    assert.deepEqual(Object.keys(out), ['matched', 'route', 'backend', 'action', 'candidates', 'warnings'])
    assert.deepEqual(out.action, {type: 'proxy', upstreamPath: '/', upstreamHost: 'shop.example.com', annotations: []})
    const dup = out.candidates.find((c: {reason: string}) => c.reason === 'conflict-loser')
    assert.equal(dup.ingress, 'shop/storefront-copy')
    assert.deepEqual(out.warnings, [])
  })

  test('an ingress-nginx annotation the match does not apply is shown with the answer (text, and json --explain)', () => {
    const args = ['-f', 'fixtures/lint/annotation-not-applied/bad.yaml', 'http://shop.example.com/legacy/x']
    const text = run(args)
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /\nwarnings about this Ingress:\n {2}- Ingress shop\/legacy: nginx\.ingress\.kubernetes\.io\/auth-url is not applied by ingressctl: .*\[annotation-not-applied\] {2}\(fixtures\/lint\/annotation-not-applied\/bad\.yaml:7:5\)\n/)
    assert.match(text.stdout, /use-regex is not applied/)
    const json = JSON.parse(run([...args, '-o', 'json', '--explain']).stdout)
    assert.deepEqual(
      json.warnings.map((w: {rule: string; location: string}) => `${w.rule} ${w.location}`),
      ['annotation-not-applied fixtures/lint/annotation-not-applied/bad.yaml:7:5', 'annotation-not-applied fixtures/lint/annotation-not-applied/bad.yaml:8:5'],
    )
    // Without --explain the JSON keeps its documented shape.
    assert.deepEqual(Object.keys(JSON.parse(run([...args, '-o', 'json']).stdout)), ['matched', 'route', 'backend', 'action'])
  })

  test('text: winner with file:line, backend, TLS, and the losers with why', () => {
    const r = run([...SHOP, 'https://shop.example.com/cart'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /matched {2}Ingress shop\/storefront {2}\(fixtures\/match\/shop\.yaml:24:\d+\)/)
    assert.match(r.stdout, /rule {5}host shop\.example\.com {2}path \/cart {2}pathType Exact/)
    assert.match(r.stdout, /backend {2}service shop\/cart:http \(http, Service port 8081 → targetPort 3000\)/)
    assert.match(r.stdout, /tls {6}Secret shop\/shop-tls for host shop\.example\.com/)
    assert.match(r.stdout, /\[prefix-loses-to-exact\]/)
    assert.match(r.stdout, /\[shorter-path\]/)
    assert.match(r.stdout, /\[conflict-loser\]/)
  })

  test('stdin with -f -', () => {
    const yaml = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: s}\nspec:\n  defaultBackend: {service: {name: d, port: {number: 80}}}\n'
    const r = run(['-f', '-', '/anything', '-o', 'json'], yaml)
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).backend.service.name, 'd')
  })

  test('load errors go to stderr with file:line:col; the rest still matches', () => {
    const r = run(['-f', 'fixtures/match/broken', 'http://ok.example.com/', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).route.ingress, 'default/ok')
    assert.match(r.stderr, /^fixtures\/match\/broken\/ingresses\.yaml:\d+:\d+: /m)
  })

  test('bad input exits 2 with a message, never a stack trace', () => {
    const cases: string[][] = [
      [...SHOP, 'ftp://shop.example.com/'],
      [...SHOP, 'http://shop.example.com:abc/'],
      [...SHOP, '/x', '--header', 'nonsense'],
      [...SHOP, '/x', '-o', 'yaml'],
      [...SHOP, '/x', '--no-such-flag'],
      [...SHOP],
      ['/x'],
      ['-f', 'fixtures/match/does-not-exist.yaml', '/x'],
    ]
    for (const args of cases) {
      const r = run(args)
      assert.equal(r.code, 2, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`)
      assert.equal(r.stdout, '', args.join(' '))
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, args.join(' '))
    }
  })
})
