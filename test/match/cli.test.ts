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

/** The documented object in match -o json's layout: indented by two spaces, a final newline. */
function pretty(json: string): string {
  return `${JSON.stringify(JSON.parse(json), null, 2)}\n`
}

describe('ingressctl match (binary)', () => {
  test('-o json: a matched Exact route with a named port, exactly the documented shape', () => {
    const r = run([...SHOP, 'http://shop.example.com/cart?ref=home', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(
      r.stdout,
      pretty('{"matched": true, "route": {"ingress": "shop/storefront", "host": "shop.example.com", "path": "/cart", "pathType": "Exact", "defaultBackend": false}, "backend": {"service": {"name": "cart", "port": {"name": "http"}}}, "request": {"target": "/cart?ref=home", "path": "/cart"}, "profile": {"name": "spec", "reason": "no class and no nginx.ingress.kubernetes.io annotation"}, "action": {"type": "proxy", "upstreamPath": "/cart?ref=home", "upstreamHost": "shop.example.com"}}'),
    )
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['matched', 'route', 'backend', 'request', 'profile', 'action'])
  })

  test('-o json: Prefix on a sub-path, port number, Host header with port and case', () => {
    const r = run([...SHOP, '/cart/items/3', '--header', 'Host: SHOP.example.com:8443', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(JSON.parse(r.stdout), {
      matched: true,
      route: {ingress: 'shop/storefront', host: 'shop.example.com', path: '/cart', pathType: 'Prefix', defaultBackend: false},
      backend: {service: {name: 'cart-pages', port: {number: 8080}}},
      request: {target: '/cart/items/3', path: '/cart/items/3'},
      profile: {name: 'spec', reason: 'no class and no nginx.ingress.kubernetes.io annotation'},
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
      assert.equal(r.stdout, pretty('{"matched": false, "status": 404, "request": {"target": "/", "path": "/"}, "action": {"type": "respond", "status": 404}}'))
    }
  })

  test('default backend: matched with defaultBackend true; --ingress-class selects', () => {
    const both = ['-f', 'fixtures/match/shop.yaml', '-f', 'fixtures/match/with-default.yaml']
    const r = run([...both, 'http://nowhere.example.com/x', '-o', 'json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(
      r.stdout,
      pretty('{"matched": true, "route": {"ingress": "edge/fallback", "host": "*", "path": "/", "pathType": "Prefix", "defaultBackend": true}, "backend": {"service": {"name": "not-found-page", "port": {"number": 80}}}, "request": {"target": "/x", "path": "/x"}, "profile": {"name": "spec", "reason": "class internal (spec.ingressClassName) is not an ingress-nginx class"}, "action": {"type": "proxy", "upstreamPath": "/x", "upstreamHost": "nowhere.example.com"}}'),
    )
    const other = run([...both, '--ingress-class', 'nginx', 'http://nowhere.example.com/x', '-o', 'json'])
    assert.equal(other.code, 1)
    assert.equal(other.stdout, pretty('{"matched": false, "status": 404, "request": {"target": "/x", "path": "/x"}, "action": {"type": "respond", "status": 404}}'))
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
    assert.deepEqual(Object.keys(out), ['matched', 'route', 'backend', 'request', 'profile', 'action', 'candidates', 'warnings'])
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
    assert.match(text.stdout, /limit-rps is not applied/)
    const json = JSON.parse(run([...args, '-o', 'json', '--explain']).stdout)
    assert.deepEqual(
      json.warnings.map((w: {rule: string; location: string}) => `${w.rule} ${w.location}`),
      ['annotation-not-applied fixtures/lint/annotation-not-applied/bad.yaml:7:5', 'annotation-not-applied fixtures/lint/annotation-not-applied/bad.yaml:8:5'],
    )
    // Without --explain the JSON keeps its documented shape (an ingress-nginx route adds the location that served and the controller settings used).
    assert.deepEqual(Object.keys(JSON.parse(run([...args, '-o', 'json']).stdout)), ['matched', 'route', 'backend', 'request', 'profile', 'location', 'controllerConfig', 'action'])
  })

  test('the path is matched as nginx normalises it; the target as sent is shown beside it', () => {
    // Exact /cart is the guard: each spelling below is /cart to nginx (and to the upstream).
    for (const target of ['/x/../cart', '/x/%2e%2e/cart', '/./cart', '//cart', '/c%61rt', '/x%2F..%2Fcart?ref=1']) {
      const r = run([...SHOP, `http://shop.example.com${target}`, '-o', 'json'])
      assert.equal(r.code, 0, `${target}: ${r.stderr}`)
      const out = JSON.parse(r.stdout)
      assert.deepEqual([out.route.path, out.route.pathType], ['/cart', 'Exact'], target)
      assert.deepEqual(out.request, {target, path: '/cart'})
    }
    const text = run([...SHOP, 'http://shop.example.com/public/../cart'])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /^request {2}http:\/\/shop\.example\.com\/public\/\.\.\/cart\n {2}path {5}\/cart {2}\(normalised as nginx does before matching; sent upstream as written\)\nmatched {2}Ingress shop\/storefront/)
    assert.match(text.stdout, /rule {5}host shop\.example\.com {2}path \/cart {2}pathType Exact/)
    assert.match(text.stdout, /1\. path "\/public\/\.\.\/cart" is matched as "\/cart"/)
    // Nothing to normalise: no extra line.
    assert.doesNotMatch(run([...SHOP, 'http://shop.example.com/cart']).stdout, /normalised/)
  })

  test('a path nginx refuses is a 400, not a route, and exit 1', () => {
    for (const [target, why] of [['/../cart', /above the root/], ['/cart%zz', /hexadecimal/], ['/cart%00', /NUL/]] as const) {
      const r = run([...SHOP, `http://shop.example.com${target}`, '-o', 'json'])
      assert.equal(r.code, 1, `${target}: ${r.stderr}`)
      const out = JSON.parse(r.stdout)
      assert.deepEqual(Object.keys(out), ['matched', 'status', 'request', 'action'])
      assert.deepEqual(out.action, {type: 'respond', status: 400})
      assert.deepEqual([out.matched, out.status, out.request.target], [false, 400, target])
      assert.match(out.request.rejected, why)
      const text = run([...SHOP, `http://shop.example.com${target}`])
      assert.equal(text.code, 1)
      assert.match(text.stdout, /^rejected: 400 \(nginx refuses this path before routing: /m)
    }
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
