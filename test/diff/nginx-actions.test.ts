/** diff reports requests whose effect changes (a rewrite or redirect added, changed or removed), not only backend changes. */
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {effectiveText, fieldText} from '../../src/diff/format/describe.js'
import {diffTexts} from './helpers.js'

function ing(annotations: Record<string, string>): string {
  const ann = Object.entries(annotations)
    .map(([k, v]) => `    nginx.ingress.kubernetes.io/${k}: ${JSON.stringify(v)}\n`)
    .join('')
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: default
${ann ? `  annotations:\n${ann}` : ''}spec:
  ingressClassName: nginx
  rules:
    - host: shop.test
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend: {service: {name: api, port: {number: 80}}}
`
}

test('a rewrite added: the route says its actions changed, and each probed request says what it becomes', () => {
  const r = diffTexts(ing({}), ing({'rewrite-target': '/'}))
  assert.equal(r.changed, true)
  assert.equal(r.routes.length, 1)
  const c = r.routes[0]!
  assert.ok(c.change === 'changed')
  assert.deepEqual(c.fields.filter((f) => f.field === 'actions').map(fieldText), ['actions: a request body over 1m (1048576 bytes) is answered 413 → a request body over 1m (1048576 bytes) is answered 413; a path matching (?i)/api is sent upstream as /'])
  assert.deepEqual(
    r.effective.map((e) => `${e.host}${e.path}: ${effectiveText(e)}`),
    ['shop.test/api: proxied as /api → proxied as / (default/shop Prefix /api)', 'shop.test/api/x: proxied as /api/x → proxied as / (default/shop Prefix /api)'],
  )
})

test('a redirect changed and removed', () => {
  const a = ing({'permanent-redirect': 'https://a.test/'})
  const changed = diffTexts(a, ing({'permanent-redirect': 'https://b.test/'}))
  assert.deepEqual(changed.effective.map((e) => [e.before.effect, e.after?.effect]), [
    ['redirected 301 to https://a.test/', 'redirected 301 to https://b.test/'],
    ['redirected 301 to https://a.test/', 'redirected 301 to https://b.test/'],
  ])
  const removed = diffTexts(a, ing({}))
  assert.deepEqual(removed.effective.map((e) => e.after?.effect), ['proxied as /api', 'proxied as /api/x'])
  assert.deepEqual(diffTexts(a, a).effective, [])
})
