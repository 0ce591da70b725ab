/**
 * Access lists compiled to route actions and evaluated: nginx.tmpl writes
 * `deny` for each denylist-source-range entry, then `allow` for each
 * allowlist-source-range entry and `deny all`; an annotation replaces the
 * ConfigMap's global range (ipallowlist/ipdenylist parsers); the old name
 * whitelist-source-range is read only when allowlist-source-range is unset.
 */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {requestOutcome} from '../../src/actions/outcome.js'
import type {Outcome} from '../../src/actions/types.js'
import {ANNOTATIONS} from '../../src/compiler/annotations/registry.js'
import {compile} from '../../src/compiler/index.js'
import {NGINX_DEFAULTS, type NginxConfig} from '../../src/compiler/nginx/config.js'
import type {Route} from '../../src/model/routes.js'
import {ingress, rule, snapshot, svc} from '../compiler/helpers.js'

const P = 'nginx.ingress.kubernetes.io/'

function compiled(annotations: Record<string, string>, config?: NginxConfig) {
  const ann = Object.fromEntries(Object.entries(annotations).map(([k, v]) => [P + k, v]))
  return compile(snapshot({ingresses: [ingress('web', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {annotations: ann, className: 'nginx'})]}), config ? {nginxConfig: config} : {})
}

function one(annotations: Record<string, string>, config?: NginxConfig): Route {
  const r = compiled(annotations, config).routes.find((x) => x.host === 'app.test')
  assert.ok(r)
  return r
}

function from(r: Route, clientIp: string, xff?: string): Outcome {
  return requestOutcome(r, {host: 'app.test', target: '/', clientIp, ...(xff !== undefined ? {fields: [['X-Forwarded-For', xff]]} : {})})
}

function config(raw: Record<string, string>, typed: Partial<NginxConfig> = {}): NginxConfig {
  return {...NGINX_DEFAULTS, ...typed, raw}
}

const status = (o: Outcome) => (o.type === 'respond' ? o.status : o.type)

describe('allowlist-source-range', () => {
  test('clients inside the ranges are proxied, others get 403 (IPv4 and IPv6, CIDRs and addresses)', () => {
    const r = one({'allowlist-source-range': '10.0.0.0/8, 192.168.1.7,2001:db8::/32'})
    assert.equal(status(from(r, '10.1.2.3')), 'proxy')
    assert.equal(status(from(r, '192.168.1.7')), 'proxy')
    assert.equal(status(from(r, '2001:db8::5')), 'proxy')
    assert.equal(status(from(r, '192.168.1.8')), 403)
    assert.equal(status(from(r, '2001:db9::5')), 403)
    const o = from(r, '127.0.0.1')
    assert.equal(o.type, 'respond')
    assert.deepEqual(o.acted, ['allowlist-source-range'])
    assert.match((o as {body: string}).body, /403 Forbidden/)
  })
  test('whitelist-source-range is the old name; allowlist-source-range wins when both are set', () => {
    assert.equal(status(from(one({'whitelist-source-range': '10.0.0.0/8'}), '127.0.0.1')), 403)
    assert.deepEqual(from(one({'whitelist-source-range': '10.0.0.0/8'}), '127.0.0.1').acted, ['whitelist-source-range'])
    const both = one({'allowlist-source-range': '127.0.0.1', 'whitelist-source-range': '10.0.0.0/8'})
    assert.equal(status(from(both, '127.0.0.1')), 'proxy')
    assert.equal(status(from(both, '10.0.0.1')), 403)
  })
  test('without a client address (no --client-ip equivalent) nothing is checked', () => {
    const r = one({'allowlist-source-range': '10.0.0.0/8'})
    assert.equal(requestOutcome(r, {host: 'app.test', target: '/'}).type, 'proxy')
  })
  test('the lists parse as ingress-nginx reads them: comma-separated, trimmed, sorted; anything else is refused', () => {
    for (const key of ['allowlist-source-range', 'whitelist-source-range', 'denylist-source-range']) {
      const def = ANNOTATIONS.get(P + key)!
      assert.deepEqual(def.parse(' 192.168.0.1 ,10.0.0.0/8,2001:db8::/32'), {ok: true, value: ['10.0.0.0/8', '192.168.0.1', '2001:db8::/32']})
      const bad = def.parse('10.0.0.0/8,not-an-ip')
      assert.equal(bad.ok, false)
      assert.match((bad as {problem: {message: string}}).problem.message, /not-an-ip/)
    }
  })
})

describe('denylist-source-range', () => {
  test('clients in the ranges get 403, others are proxied', () => {
    const r = one({'denylist-source-range': '127.0.0.0/8,::1'})
    assert.equal(status(from(r, '127.0.0.1')), 403)
    assert.equal(status(from(r, '::1')), 403)
    assert.equal(status(from(r, '10.0.0.1')), 'proxy')
    assert.deepEqual(from(r, '127.0.0.1').acted, ['denylist-source-range'])
  })
  test('deny is written before allow: a client in both lists gets 403', () => {
    const r = one({'denylist-source-range': '10.0.0.5', 'allowlist-source-range': '10.0.0.0/8'})
    assert.equal(status(from(r, '10.0.0.5')), 403)
    assert.deepEqual(from(r, '10.0.0.5').acted, ['denylist-source-range'])
    assert.equal(status(from(r, '10.0.0.6')), 'proxy')
    assert.equal(status(from(r, '11.0.0.6')), 403)
  })
})

describe('ConfigMap ranges', () => {
  test('whitelist-source-range and denylist-source-range apply to routes without the annotation', () => {
    const c = config({'whitelist-source-range': '10.0.0.0/8', 'denylist-source-range': '10.9.0.0/16'})
    const r = one({}, c)
    assert.equal(status(from(r, '10.1.0.1')), 'proxy')
    assert.equal(status(from(r, '10.9.0.1')), 403)
    assert.deepEqual(from(r, '10.9.0.1').acted, ['ConfigMap denylist-source-range'])
    assert.equal(status(from(r, '127.0.0.1')), 403)
    assert.deepEqual(from(r, '127.0.0.1').acted, ['ConfigMap whitelist-source-range'])
  })
  test("an annotation replaces the ConfigMap's list of its kind, not adds to it", () => {
    const c = config({'whitelist-source-range': '10.0.0.0/8'})
    const r = one({'allowlist-source-range': '127.0.0.1'}, c)
    assert.equal(status(from(r, '127.0.0.1')), 'proxy')
    assert.equal(status(from(r, '10.0.0.1')), 403)
    // the other kind still comes from the ConfigMap
    const d = one({'denylist-source-range': '10.0.0.9'}, config({'whitelist-source-range': '10.0.0.0/8'}))
    assert.equal(status(from(d, '10.0.0.9')), 403)
    assert.equal(status(from(d, '127.0.0.1')), 403)
    assert.equal(status(from(d, '10.0.0.8')), 'proxy')
  })
  test('no lists anywhere: the route has no access action', () => {
    // (Every ingress-nginx route still carries the ConfigMap's 1m body-size limit.)
    assert.equal(one({}).actions?.find((a) => a.type === 'access'), undefined)
  })
})

describe('client address with use-forwarded-headers', () => {
  test('off (default): X-Forwarded-For is ignored', () => {
    const r = one({'allowlist-source-range': '203.0.113.0/24'})
    assert.equal(status(from(r, '127.0.0.1', '203.0.113.5')), 403)
  })
  test('on: the realip address from X-Forwarded-For, trusting proxy-real-ip-cidr (default 0.0.0.0/0)', () => {
    const r = one({'allowlist-source-range': '203.0.113.0/24'}, config({'use-forwarded-headers': 'true'}, {useForwardedHeaders: true}))
    assert.equal(status(from(r, '127.0.0.1', '203.0.113.5')), 'proxy')
    assert.equal(status(from(r, '127.0.0.1', '198.51.100.1')), 403)
    assert.equal(status(from(r, '127.0.0.1')), 403)
  })
  test('on: a peer outside proxy-real-ip-cidr is not trusted; forwarded-for-header names the field', () => {
    const untrusted = one({'allowlist-source-range': '203.0.113.0/24'}, config({'use-forwarded-headers': 'true', 'proxy-real-ip-cidr': '10.0.0.0/8'}, {useForwardedHeaders: true}))
    assert.equal(status(from(untrusted, '127.0.0.1', '203.0.113.5')), 403)
    assert.equal(status(from(untrusted, '10.0.0.2', '203.0.113.5')), 'proxy')
    const named = one({'allowlist-source-range': '203.0.113.0/24'}, config({'use-forwarded-headers': 'true', 'forwarded-for-header': 'X-Real-Client'}, {useForwardedHeaders: true}))
    assert.equal(status(from(named, '127.0.0.1', '203.0.113.5')), 403)
    assert.equal(requestOutcome(named, {host: 'app.test', target: '/', clientIp: '127.0.0.1', fields: [['x-real-client', '203.0.113.5']]}).type, 'proxy')
  })
})

describe('phase order', () => {
  test('a permanent-redirect (rewrite phase) answers before the access check', () => {
    const r = one({'allowlist-source-range': '10.0.0.0/8', 'permanent-redirect': 'https://elsewhere.test/'})
    assert.equal(status(from(r, '127.0.0.1')), 'redirect')
  })
})
