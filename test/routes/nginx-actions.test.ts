/** `routes` shows what ingress-nginx annotations make each route do (table column, JSON/YAML data). */
import assert from 'node:assert/strict'
import {test} from 'node:test'
import {parse} from 'yaml'
import {ingressctl} from './helpers.js'

const F = ['routes', '-f', 'fixtures/match/nginx-actions.yaml']

test('routes: an ACTIONS column names the actions of each route, in order', () => {
  const r = ingressctl(F)
  assert.equal(r.status, 0, r.stderr)
  assert.equal(
    r.stdout,
    [
      'HOST               PATH      PATHTYPE   BACKEND     TLS        INGRESS       PROFILE         ACTIONS',
      // body-size: every ingress-nginx route has the ConfigMap's default 1m limit.
      'old.example.com    /         Prefix     web:80      -          shop/moved    ingress-nginx   body-size,return',
      'shop.example.com   /legacy   Prefix     legacy:80   shop-tls   shop/legacy   ingress-nginx   body-size,rewrite,https-redirect,upstream-host,hsts',
      '',
    ].join('\n'),
  )
})

test('routes -o json|yaml: each action with its effect and the annotations behind it', () => {
  const j = ingressctl([...F, '-o', 'json'])
  assert.equal(j.status, 0, j.stderr)
  const data = JSON.parse(j.stdout)
  assert.deepEqual(data.routes[0].actions, [{type: 'body-size', effect: 'a request body over 1m (1048576 bytes) is answered 413', by: ['ConfigMap proxy-body-size']}, {type: 'return', effect: 'every request is redirected (308) to https://new.example.com$request_uri', by: ['permanent-redirect', 'permanent-redirect-code']}])
  assert.deepEqual(
    data.routes[1].actions.map((a: {effect: string}) => a.effect),
    [
      'a request body over 1m (1048576 bytes) is answered 413',
      'a path matching (?i)/legacy is sent upstream as /',
      'HTTP requests are redirected (308) to HTTPS',
      'the upstream gets Host: legacy.internal',
      'HTTPS answers carry Strict-Transport-Security: max-age=31536000; includeSubDomains',
    ],
  )
  assert.deepEqual(parse(ingressctl([...F, '-o', 'yaml']).stdout).routes[1].actions, data.routes[1].actions)
})

test('routes: no ACTIONS column when no route has actions', () => {
  const r = ingressctl(['routes', '-f', 'fixtures/match/shop.yaml'])
  assert.match(r.stdout, /^HOST +PATH +PATHTYPE +BACKEND +TLS +INGRESS\n/)
  assert.doesNotMatch(r.stdout, /ACTIONS/)
})
