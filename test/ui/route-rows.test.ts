import assert from 'node:assert/strict'
import {test} from 'node:test'
import type {Diagnostic} from '../../src/model/diagnostics.js'
import {buildRows, changedRowIds, filterRows} from '../../src/ui/model/route-rows.js'
import {parseTestUrl} from '../../src/ui/model/parse-url.js'
import {fit, layoutColumns} from '../../src/ui/model/columns.js'
import {handTable, route} from './helpers/hand-table.js'

const ing = (name: string) => ({kind: 'Ingress', namespace: 'shop', name})

test('diagnostics attach to the route at their field, Ingress-wide ones to every route of the Ingress', () => {
  const routes = [route('a.example.com', '/x', 'x', {ingress: 'a', pathIndex: 0}), route('a.example.com', '/y', 'y', {ingress: 'a', pathIndex: 1, line: 20}), route('b.example.com', '/', 'b', {ingress: 'b'})]
  const diags: Diagnostic[] = [
    {rule: 'path-rule', severity: 'error', message: 'second path', object: ing('a'), location: {file: 'shop.yaml', line: 20, col: 15, field: 'spec.rules[0].http.paths[1].backend.service.port'}},
    {rule: 'annotation', severity: 'info', message: 'whole ingress', object: ing('b'), location: {file: 'shop.yaml', line: 3, col: 1, field: 'metadata.annotations'}},
    {rule: 'other-rule', severity: 'warning', message: 'unrelated rule index', object: ing('a'), location: {file: 'shop.yaml', line: 40, col: 1, field: 'spec.rules[1].host'}},
  ]
  const rows = buildRows(handTable(routes, diags))
  assert.deepEqual(rows.map((r) => [r.id, r.diagnostics.map((d) => d.rule), r.severity]), [
    ['a.example.com|/x|Prefix', [], undefined],
    ['a.example.com|/y|Prefix', ['path-rule'], 'error'],
    ['b.example.com|/|Prefix', ['annotation'], 'info'],
  ])
})

test('filter matches host, path or service, case-insensitively; changes are found by what a row shows', () => {
  const rows = buildRows(handTable([route('Shop.example.com', '/cart', 'checkout'), route('api.example.com', '/v1', 'api')]))
  assert.deepEqual(filterRows(rows, 'SHOP').map((r) => r.backend), ['checkout:80'])
  assert.deepEqual(filterRows(rows, '/v1').map((r) => r.backend), ['api:80'])
  assert.deepEqual(filterRows(rows, 'checkout').map((r) => r.path), ['/cart'])
  assert.equal(filterRows(rows, '  ').length, 2)
  const next = buildRows(handTable([route('Shop.example.com', '/cart', 'checkout', {port: 8080}), route('api.example.com', '/v1', 'api')]))
  assert.deepEqual(changedRowIds(rows, next), ['Shop.example.com|/cart|Prefix'])
  assert.deepEqual(changedRowIds(rows, rows), [])
})

test('URL tester input: full URLs, host/path, and /path with the selected host', () => {
  assert.deepEqual(parseTestUrl('https://shop.example.com:8443/a/b?q=1', 'x'), {host: 'shop.example.com:8443', path: '/a/b?q=1', scheme: 'https'})
  assert.deepEqual(parseTestUrl('shop.example.com/cart', 'x'), {host: 'shop.example.com', path: '/cart'})
  assert.deepEqual(parseTestUrl('/cart', 'shop.example.com'), {host: 'shop.example.com', path: '/cart'})
  assert.deepEqual(parseTestUrl('shop.example.com', 'x'), {host: 'shop.example.com', path: '/'})
  assert.match((parseTestUrl('', 'x') as {error: string}).error, /type a URL/)
  assert.match((parseTestUrl('http://exa mple.com/', 'x') as {error: string}).error, /not a URL/)
})

test('columns fit the terminal: flexible columns shrink, cells are cut with an ellipsis', () => {
  const rows = buildRows(handTable([route(`${'very-long-host-name.'.repeat(3)}example.com`, '/a/really/long/path/for/testing', 'service-with-a-long-name')]))
  const wide = layoutColumns(rows, 200, false)
  const narrow = layoutColumns(rows, 80, false)
  const total = (cols: typeof wide) => 3 + cols.reduce((s, c) => s + c.width + 1, 0)
  assert.ok(total(wide) <= 200)
  assert.ok(total(narrow) <= 80, `narrow layout is ${total(narrow)} wide`)
  assert.ok(narrow.find((c) => c.key === 'host')!.width < wide.find((c) => c.key === 'host')!.width)
  assert.equal(fit('abcdef', 4), 'abc…')
  assert.equal(fit('ab', 4), 'ab  ')
  assert.deepEqual(layoutColumns(rows, 200, true).slice(-3).map((c) => c.title), ['REQ/S', 'ERR%', 'P99'])
})
