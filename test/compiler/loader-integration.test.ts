/** The compiler on manifests read by the real loader: locations are the YAML's own lines. */
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {parseManifests} from '../../src/loader/index.js'

const FILE = 'fixtures/match/shop.yaml'
const text = readFileSync(fileURLToPath(new URL(`../../../${FILE}`, import.meta.url)), 'utf8')

test('routes and the duplicate-route warning point at the path lines of the file', () => {
  const {snapshot, diagnostics} = parseManifests(text, FILE)
  assert.deepEqual(diagnostics, [])
  const t = compile(snapshot)
  assert.deepEqual(
    t.routes.map((r) => `${r.id} ${r.ingress.name} ${r.location?.file}:${r.location?.line}:${r.location?.col}`),
    [
      '*.preview.example.com|/|Prefix previews fixtures/match/shop.yaml:49:13',
      'shop.example.com|/|Prefix storefront fixtures/match/shop.yaml:17:13',
      'shop.example.com|/cart|Exact storefront fixtures/match/shop.yaml:24:13',
      'shop.example.com|/cart|Prefix storefront fixtures/match/shop.yaml:31:13',
    ],
  )
  assert.equal(t.diagnostics.length, 1)
  const d = t.diagnostics[0]!
  assert.equal(d.rule, 'duplicate-route')
  assert.deepEqual(d.location, {file: FILE, line: 69, col: 13, field: 'spec.rules[0].http.paths[0].path'})
  assert.match(d.message, /^Ingress shop\/storefront-copy: host shop\.example\.com path \/ \(Prefix\) is also declared by Ingress shop\/storefront \(fixtures\/match\/shop\.yaml:17:13\)/)
  assert.deepEqual(d.related?.[0]?.location, {file: FILE, line: 17, col: 13, field: 'spec.rules[0].http.paths[0].path'})
  // The named port resolved through the Service in the same file.
  const cart = t.lookup('shop.example.com', '/cart').route!
  assert.equal(cart.backend.kind === 'service' && cart.backend.servicePort?.port, 8081)
  assert.equal(t.tlsFor('shop.example.com')?.location?.line, 11)
})
