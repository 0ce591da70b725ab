import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {DIFF_FORMATS} from '../../src/diff/format/index.js'
import {diffFixtures, ROOT} from './helpers.js'

const golden = (name: string): string => readFileSync(join(ROOT, 'fixtures', 'diff', 'golden', name), 'utf8')

function labelled(oldName: string, newName: string) {
  const r = diffFixtures(oldName, newName)
  return {...r, oldLabel: `fixtures/diff/${oldName}`, newLabel: `fixtures/diff/${newName}`}
}

test('text: +/-/~ lines and the requests now served elsewhere (golden)', () => {
  assert.equal(DIFF_FORMATS.text.render(labelled('base.yaml', 'many-changes.yaml'), {color: false}), golden('many-changes.txt'))
  assert.equal(DIFF_FORMATS.text.render(labelled('wildcard-base.yaml', 'wildcard-new.yaml'), {color: false}), golden('wildcard-new.txt'))
})

test('text: no change says so', () => {
  assert.equal(DIFF_FORMATS.text.render(labelled('base.yaml', 'reordered.yaml'), {color: false}), 'No route changes between fixtures/diff/base.yaml and fixtures/diff/reordered.yaml.\n')
})

test('text: colors only when asked (a terminal)', () => {
  const plain = DIFF_FORMATS.text.render(labelled('base.yaml', 'many-changes.yaml'), {color: false})
  const colored = DIFF_FORMATS.text.render(labelled('base.yaml', 'many-changes.yaml'), {color: true})
  assert.doesNotMatch(plain, /\u001b\[/)
  assert.match(colored, /\u001b\[32m\+ api\.shop\.example\.com\/admin/)
  assert.match(colored, /\u001b\[33m~ shop\.example\.com\//)
  assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), plain)
})

test('markdown: tables for a pull-request comment (golden)', () => {
  assert.equal(DIFF_FORMATS.markdown.render(labelled('base.yaml', 'many-changes.yaml'), {color: false}), golden('many-changes.md'))
  assert.equal(DIFF_FORMATS.markdown.render(labelled('wildcard-base.yaml', 'wildcard-new.yaml'), {color: false}), golden('wildcard-new.md'))
  assert.equal(DIFF_FORMATS.markdown.render(labelled('base.yaml', 'reordered.yaml'), {color: false}), golden('reordered.md'))
})

test('json: stable keys, parseable, same content as the report', () => {
  const report = labelled('base.yaml', 'shadowing.yaml')
  const out = JSON.parse(DIFF_FORMATS.json.render(report, {color: false}))
  assert.deepEqual(Object.keys(out), ['changed', 'old', 'new', 'summary', 'routes', 'effective'])
  assert.equal(out.changed, true)
  assert.deepEqual(out.summary, {added: 1, removed: 0, changed: 0, effective: 1})
  assert.equal(out.routes[0].change, 'added')
  assert.deepEqual(out.routes[0].route.backendDetail, {service: {namespace: 'shop', name: 'orders', port: {number: 8080}}})
  assert.equal(out.routes[0].route.ingress, 'shop/orders')
  assert.match(out.routes[0].route.source, /^fixtures\/diff\/shadowing\.yaml:\d+:\d+$/)
  assert.deepEqual(out.effective[0].after, {backend: 'orders:8080', route: 'shop/orders Prefix /v1/orders'})
})
