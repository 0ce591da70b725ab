import assert from 'node:assert/strict'
import {test} from 'node:test'
import {render} from 'ink-testing-library'
import {App} from '../../src/ui/app.js'
import {detailLines} from '../../src/ui/components/detail-pane.js'
import {buildRows} from '../../src/ui/model/route-rows.js'
import {compiledFixture, feedOfCompiled, lineOf} from './helpers/compiled.js'
import {frameWith, frameWithout, KEYS, lineWith} from './helpers/wait.js'

const shop = compiledFixture('shop.yaml')

async function openDetail(pick: RegExp) {
  const r = render(<App feed={feedOfCompiled(shop)} width={140} height={40} />)
  await frameWith(r.lastFrame, 'storefront')
  // Rows: / (storefront), /api Exact, /api Prefix: select the wanted one.
  for (let i = 0; i < 3 && !pick.test(r.lastFrame()!.split('\n').find((l) => l.startsWith('>')) ?? ''); i++) {
    const before = r.lastFrame()
    r.stdin.write('j')
    await frameWith(() => (r.lastFrame() !== before ? r.lastFrame() : undefined), /./)
  }
  assert.match(r.lastFrame()!.split('\n').find((l) => l.startsWith('>'))!, pick)
  r.stdin.write(KEYS.enter)
  await frameWith(r.lastFrame, 'source ')
  return r
}

test('detail pane: source file:line, endpoints (dual-stack pods once, nil ready = ready), TLS, conflict diagnostic', async (t) => {
  const r = await openDetail(/storefront:http/)
  t.after(() => r.unmount())
  const frame = r.lastFrame()!
  const pathLine = lineOf(shop.text, 'path: /\n')
  assert.ok(frame.includes(`source     ${shop.file}:${pathLine}:13  (spec.rules[0].http.paths[2].path)`), frame)
  assert.match(frame, /Service shop\/storefront port http → Service port 80 \(targetPort 8080\)/)
  assert.match(frame, /endpoints  2\/3 ready/)
  assert.match(lineWith(frame, '10.0.0.2')!, /not ready +Pod\/storefront-b/)
  assert.match(lineWith(frame, '10.0.0.3')!, /ready +Pod\/storefront-c/)
  assert.ok(!frame.includes('fd00::1'), 'the IPv6 slice of the same pod is not counted twice')
  assert.match(frame, /tls +Secret shop\/shop-tls for shop\.example\.com/)
  assert.match(frame, /warning duplicate-route/)
  assert.match(frame, /Ingress shop\/web-copy: host shop\.example\.com path \/ \(Prefix\) is also declared/)
  // the row itself carries the diagnostics marker
  assert.match(lineWith(frame, 'storefront:http')!, /^>!/)
  r.stdin.write(KEYS.escape)
  await frameWithout(r.lastFrame, 'source ')
})

test('detail pane: a Prefix route shadowed by an Exact route of the same path, and the other way round', async (t) => {
  const r = await openDetail(/\/api +Prefix/)
  t.after(() => r.unmount())
  let frame = r.lastFrame()!
  assert.match(frame, /shadowed +at shop\.example\.com\/api by shop\.example\.com \/api \(Exact\) of shop\/web/)
  assert.match(frame, /Exact \/api wins over Prefix \/api at equal length/)
  assert.match(frame, /endpoints  0\/0 ready  \(no EndpointSlice lists an endpoint for this Service port\)/)
  r.stdin.write('k')
  frame = await frameWith(r.lastFrame, /shadowing +serves shop\.example\.com\/api/)
  assert.match(frame, /wins over shop\.example\.com \/api \(Prefix\) of shop\/web/)
  assert.match(frame, /wins over shop\.example\.com \/ \(Prefix\) of shop\/web/)
  assert.ok(!frame.includes('wins over shop.example.com / (Prefix) of shop/web-copy'), 'a conflict between two other routes is not this route\'s shadowing')
})

test('detail lines: a resource backend and the default backend of a host-less Ingress', () => {
  const c = compiledFixture('fallback.yaml')
  const rows = buildRows(c.table, c.snapshot)
  const text = (i: number) => detailLines(rows[i]!, c.table, c.snapshot).map((l) => l.text).join('\n')
  const resource = text(0)
  assert.match(resource, /backend +resource k8s\.example\.com\/StorageBucket web\/static-assets \(not proxied\)/)
  assert.match(resource, /endpoints +none \(a resource backend has no Service endpoints\)/)
  assert.match(resource, /serves \/static on any host/)
  assert.match(resource, /warning unsupported-resource-backend {2}test\/ui\/fixtures\/fallback\.yaml:13:15/)
  const fallback = text(1)
  assert.match(fallback, /^default backend +default +← Ingress web\/fallback/)
  assert.match(fallback, /source +test\/ui\/fixtures\/fallback\.yaml:5:3 +\(spec\.defaultBackend\)/)
  assert.match(fallback, /shadowing +serves requests no rule matches/)
})

test('detail lines: the actions of an ingress-nginx route, each with what it does and why', async () => {
  const {readFileSync} = await import('node:fs')
  const {parseManifests} = await import('../../src/loader/index.js')
  const {compile} = await import('../../src/compiler/index.js')
  const file = 'fixtures/match/nginx-actions.yaml'
  const parsed = parseManifests(readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8'), file)
  const table = compile(parsed.snapshot)
  const rows = buildRows(table, parsed.snapshot)
  const legacy = rows.find((r) => r.route.ingress.name === 'legacy')!
  const text = detailLines(legacy, table, parsed.snapshot).map((l) => l.text).join('\n')
  // The ConfigMap's default body limit comes first, then the annotations in phase order.
  assert.match(text, /\nactions {4}5\n {2}a request body over 1m \(1048576 bytes\) is answered 413 {2}\(ConfigMap proxy-body-size\)\n {2}a path matching \(\?i\)\/legacy is sent upstream as \/ {2}\(rewrite-target\)\n {2}HTTP requests are redirected \(308\) to HTTPS {2}\(ssl-redirect \(default with TLS\)\)\n/)
  assert.match(text, /the upstream gets Host: legacy\.internal {2}\(upstream-vhost\)/)
})

test('URL tester: what an ingress-nginx route makes of the request (redirect over http, proxied path over https)', async () => {
  const {readFileSync} = await import('node:fs')
  const {parseManifests} = await import('../../src/loader/index.js')
  const {compile} = await import('../../src/compiler/index.js')
  const {explanationLines} = await import('../../src/ui/components/url-tester.js')
  const {parseTestUrl} = await import('../../src/ui/model/parse-url.js')
  const file = 'fixtures/match/nginx-actions.yaml'
  const table = compile(parseManifests(readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8'), file).snapshot)
  const lines = (url: string) => {
    const req = parseTestUrl(url, 'x') as {host: string; path: string; scheme?: 'https'}
    return explanationLines({...req, explanation: table.explain(req.host, req.path)}).map((l) => l.text)
  }
  assert.ok(lines('http://shop.example.com/legacy/a').includes('  redirected 308 to https://shop.example.com/legacy/a  (ssl-redirect (default with TLS))'))
  assert.ok(lines('https://shop.example.com/legacy/a?q=1').includes('  proxied as /?q=1 (Host legacy.internal)  (rewrite-target, upstream-vhost, ConfigMap hsts)'))
})
