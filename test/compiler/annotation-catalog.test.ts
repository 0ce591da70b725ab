import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {checkAnnotation} from '../../src/compiler/annotations/check.js'
import {annotationStatus, catalogEntry, CATALOGS, suggestKey} from '../../src/compiler/annotations/catalogs.js'
import {INGRESS_NGINX_CATALOG, NGINX_PREFIX} from '../../src/compiler/annotations/ingress-nginx-catalog.js'
import {ANNOTATIONS} from '../../src/compiler/annotations/registry.js'
import {NGINX_DEFAULTS, type NginxConfig} from '../../src/compiler/nginx/config.js'

const P = NGINX_PREFIX
const entries = INGRESS_NGINX_CATALOG.entries

function config(o: Partial<NginxConfig>): NginxConfig {
  return {...NGINX_DEFAULTS, ...o}
}

function rules(key: string, value: string, nginx: NginxConfig = NGINX_DEFAULTS): string[] {
  return checkAnnotation(key, value, nginx).findings.map((f) => `${f.rule} ${f.severity}`)
}

describe('the ingress-nginx annotation catalog', () => {
  test('138 keys: the 117 of the documentation table plus those the parsers read (limit-rpm, auth-method...), each once, sorted, under the prefix', () => {
    assert.equal(entries.length, 138)
    assert.equal(new Set(entries.map((e) => e.key)).size, 138)
    assert.deepEqual(
      entries.map((e) => e.key),
      [...entries.map((e) => e.key)].sort(),
    )
    for (const e of entries) assert.ok(e.key.startsWith(P), e.key)
    for (const name of ['limit-rpm', 'auth-method', 'auth-signin', 'upstream-hash-by-subset-size', 'disable-proxy-intercept-errors', 'fastcgi-index', 'relative-redirects', 'use-port-in-redirects', 'opentelemetry-operation-name']) {
      assert.ok(catalogEntry(P + name), name)
    }
  })

  test('every annotation the issue names for exact emulation, and backend-protocol, is in the catalog', () => {
    const part1 = [
      'rewrite-target', 'use-regex', 'app-root', 'ssl-redirect', 'force-ssl-redirect', 'permanent-redirect', 'permanent-redirect-code', 'temporal-redirect',
      'temporal-redirect-code', 'from-to-www-redirect', 'preserve-trailing-slash', 'server-alias', 'default-backend', 'custom-http-errors', 'upstream-vhost',
      'x-forwarded-prefix', 'proxy-redirect-from', 'proxy-redirect-to', 'proxy-cookie-domain', 'proxy-cookie-path', 'proxy-http-version',
      'use-port-in-redirects', 'relative-redirects', 'connection-proxy-header', 'service-upstream', 'backend-protocol',
    ]
    for (const name of part1) assert.ok(catalogEntry(P + name), name)
  })

  test('risk levels as the parsers declare them (spot checks across families); aliases share their key\'s risk', () => {
    const risk = (n: string) => catalogEntry(P + n)?.risk
    assert.deepEqual(
      ['server-alias', 'auth-url', 'upstream-hash-by', 'mirror-target', 'proxy-ssl-name', 'auth-tls-match-cn', 'rewrite-target', 'force-ssl-redirect', 'proxy-body-size', 'ssl-redirect', 'use-regex', 'configuration-snippet'].map(risk),
      ['High', 'High', 'High', 'High', 'High', 'High', 'Medium', 'Medium', 'Medium', 'Low', 'Low', 'Critical'],
    )
    for (const e of entries.filter((x) => x.aliasOf)) assert.equal(e.risk, catalogEntry(e.aliasOf!)?.risk, e.key)
  })

  test('the snippets are exactly the *-snippet keys, all Critical', () => {
    const snippets = entries.filter((e) => e.snippet).map((e) => e.key.slice(P.length))
    assert.deepEqual(snippets, entries.filter((e) => e.key.endsWith('-snippet')).map((e) => e.key.slice(P.length)))
    assert.deepEqual(snippets, ['auth-snippet', 'configuration-snippet', 'modsecurity-snippet', 'server-snippet', 'stream-snippet'])
    for (const e of entries.filter((x) => x.snippet)) assert.equal(e.risk, 'Critical')
  })

  test('a key is emulated exactly when a module of the annotation registry implements it; otherwise its own status', () => {
    for (const e of entries) {
      const s = annotationStatus(e)
      if (ANNOTATIONS.has(e.key)) assert.ok(s === 'emulated' || s === 'approximated', e.key)
      else assert.equal(s, e.status, e.key)
    }
    assert.equal(annotationStatus(catalogEntry(`${P}backend-protocol`)!), 'emulated')
    assert.equal(annotationStatus(catalogEntry(`${P}proxy-buffer-size`)!), 'no-local-effect')
    assert.equal(annotationStatus(catalogEntry(`${P}canary`)!), 'not-supported')
  })

  test('every entry says what ingress-nginx does; not-supported and no-local-effect entries say what ingressctl does', () => {
    for (const e of entries) {
      assert.ok(e.production.length > 10, e.key)
      if (e.status !== 'approximated' && !ANNOTATIONS.has(e.key)) assert.ok(e.difference, e.key)
    }
  })

  test('one catalog registered: ingress-nginx', () => {
    assert.deepEqual(
      CATALOGS.map((c) => c.controller),
      ['ingress-nginx'],
    )
  })
})

describe('checking one annotation', () => {
  test('unknown keys under the prefix: the nearest known key, when one is close', () => {
    const msg = (k: string) => checkAnnotation(k, 'x', NGINX_DEFAULTS).findings[0]?.message
    assert.match(msg(`${P}rewrite-targt`)!, /did you mean nginx\.ingress\.kubernetes\.io\/rewrite-target\?/)
    assert.match(msg(`${P}ssl-redirects`)!, /did you mean nginx\.ingress\.kubernetes\.io\/ssl-redirect\?/)
    assert.match(msg(`${P}proxy-bufer-size`)!, /did you mean nginx\.ingress\.kubernetes\.io\/proxy-buffer-size\?/)
    assert.match(msg(`${P}enable-crs`)!, /did you mean nginx\.ingress\.kubernetes\.io\/enable-cors\?/)
    assert.doesNotMatch(msg(`${P}totally-unrelated-thing`)!, /did you mean/)
    assert.deepEqual(rules(`${P}totally-unrelated-thing`, 'x'), ['unknown-annotation warning'])
    // Other prefixes are not checked at all.
    assert.deepEqual(rules('example.com/rewrite-target', '/'), [])
    assert.equal(suggestKey(INGRESS_NGINX_CATALOG, `${P}cors-allow-orgin`), `${P}cors-allow-origin`)
    assert.equal(suggestKey(INGRESS_NGINX_CATALOG, `${P}rewrite`), `${P}rewrite-target`)
    assert.equal(suggestKey(INGRESS_NGINX_CATALOG, `${P}canary-weight-percent`), `${P}canary-weight`)
    // A short known key inside a long unknown one is no suggestion.
    assert.equal(suggestKey(INGRESS_NGINX_CATALOG, `${P}affinity-cookie-name`), undefined)
  })

  test('a value the parser refuses is an error; an empty value is not validated', () => {
    assert.deepEqual(rules(`${P}proxy-buffer-size`, '8kb'), ['annotation-value-rejected error'])
    assert.deepEqual(rules(`${P}proxy-buffer-size`, ''), [])
    assert.deepEqual(rules(`${P}proxy-buffer-size`, '8k'), [])
  })

  test('snippets: an error with the IngressNightmare context while refused (the defaults), a warning when the ConfigMap allows them', () => {
    const refused = checkAnnotation(`${P}configuration-snippet`, 'more_set_headers "X: y";', NGINX_DEFAULTS).findings
    assert.deepEqual(refused.map((f) => `${f.rule} ${f.severity}`), ['snippet-annotation error'])
    assert.match(refused[0]!.message, /allow-snippet-annotations is "false" and annotations-risk-level is High, below the snippet's Critical/)
    assert.match(refused[0]!.message, /IngressNightmare/)
    assert.match(refused[0]!.message, /CVE-2025-1974/)
    assert.match(refused[0]!.message, /leaves the whole Ingress out/)
    // Allowed but the risk level is still High: ingress-nginx refuses it by risk.
    assert.deepEqual(rules(`${P}server-snippet`, 'x', config({allowSnippetAnnotations: true})), ['snippet-annotation error'])
    // Risk Critical but snippets disallowed: the controller drops the snippet (the webhook rejects the Ingress).
    const dropped = checkAnnotation(`${P}server-snippet`, 'x', config({annotationsRiskLevel: 'Critical'})).findings[0]!
    assert.equal(dropped.severity, 'error')
    assert.match(dropped.message, /drops the snippet/)
    const allowed = checkAnnotation(`${P}server-snippet`, 'x', config({allowSnippetAnnotations: true, annotationsRiskLevel: 'Critical'})).findings
    assert.deepEqual(allowed.map((f) => `${f.rule} ${f.severity}`), ['snippet-annotation warning'])
  })

  // server-alias, the source ranges and the redirect annotations are emulated (they have modules): no annotation-not-applied for them.
  test('annotations above annotations-risk-level are refused by ingress-nginx; aliases count too', () => {
    assert.deepEqual(rules(`${P}server-alias`, 'www.example.com'), [])
    assert.deepEqual(rules(`${P}server-alias`, 'www.example.com', config({annotationsRiskLevel: 'Medium'})), ['annotation-risk-too-high error'])
    assert.deepEqual(rules(`${P}whitelist-source-range`, '10.0.0.0/8', config({annotationsRiskLevel: 'Low'})), ['annotation-risk-too-high error'])
    assert.deepEqual(rules(`${P}proxy-buffer-size`, '8k', config({annotationsRiskLevel: 'Low'})), [])
  })

  test('values the validator accepts but the parser replaces or cannot use (redirect codes, URLs)', () => {
    assert.deepEqual(rules(`${P}permanent-redirect-code`, '308'), [])
    assert.deepEqual(rules(`${P}permanent-redirect-code`, '200'), ['annotation-value-ignored warning'])
    assert.match(checkAnnotation(`${P}permanent-redirect-code`, '309', NGINX_DEFAULTS).findings[0]!.message, /ingress-nginx uses 301 instead of 309 \(it accepts 300 to 308\)/)
    // A temporal redirect stops at 307.
    assert.match(checkAnnotation(`${P}temporal-redirect-code`, '308', NGINX_DEFAULTS).findings[0]!.message, /uses 302 instead of 308/)
    assert.deepEqual(rules(`${P}temporal-redirect`, 'https://example.com/new'), [])
    assert.match(checkAnnotation(`${P}temporal-redirect`, '/new', NGINX_DEFAULTS).findings[0]!.message, /ignores the redirect annotations of this Ingress/)
    assert.deepEqual(rules(`${P}auth-url`, 'https://auth.example.com/check?rd=$escaped_request_uri'), ['annotation-not-applied warning'])
    assert.match(checkAnnotation(`${P}auth-url`, 'auth.example.com/check', NGINX_DEFAULTS).findings[0]!.message, /503 \(location denied\)/)
    assert.deepEqual(rules(`${P}auth-cache-duration`, '10m 200'), ['annotation-value-ignored warning', 'annotation-not-applied warning'])
    assert.deepEqual(rules(`${P}auth-cache-duration`, '200;10m'), ['annotation-value-rejected error', 'annotation-not-applied warning'])
  })

  test('not applied: only for the values that change behaviour (Go booleans included)', () => {
    assert.deepEqual(rules(`${P}canary`, 'false'), [])
    assert.deepEqual(rules(`${P}canary`, 'true'), ['annotation-not-applied warning'])
    assert.deepEqual(rules(`${P}canary`, '1'), ['annotation-not-applied warning'])
    assert.deepEqual(rules(`${P}enable-access-log`, 'true'), [])
    assert.deepEqual(rules(`${P}enable-access-log`, 'false'), ['annotation-not-applied warning'])
    // The production behaviour, then the stated difference (proxy-body-size, the earlier example here, is emulated now).
    const m = checkAnnotation(`${P}limit-rate`, '100', NGINX_DEFAULTS).findings[0]!.message
    assert.match(m, /is not applied by ingressctl: ingress-nginx limits the answer rate to this many kilobytes per second per connection; ingressctl does not throttle answers$/)
    // Nothing more to say than "not applied": no trailing "ingressctl does not apply it yet".
    assert.match(checkAnnotation(`${P}cors-max-age`, '600', NGINX_DEFAULTS).findings[0]!.message, /ingress-nginx sets how long browsers cache a preflight \(default 1728000 s\)$/)
  })
})

describe('parseAnnotations and the controller profile', () => {
  test('an Ingress another controller serves (profile spec) is not checked against the ingress-nginx catalog; absent or ingress-nginx, it is', async () => {
    const {parseAnnotations} = await import('../../src/compiler/annotations/index.js')
    const {parseManifests} = await import('../../src/loader/index.js')
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      '  namespace: shop',
      '  annotations:',
      '    nginx.ingress.kubernetes.io/rewrite-targt: /',
      '    nginx.ingress.kubernetes.io/configuration-snippet: "return 403;"',
      'spec: {rules: [{host: a.example.com}]}',
    ].join('\n')
    const e = parseManifests(text, 'web.yaml').snapshot.ingresses[0]!
    const rulesOf = (profile?: 'spec' | 'ingress-nginx') => parseAnnotations(e, NGINX_DEFAULTS, profile).diagnostics.map((d) => `${d.rule} ${d.location?.line}:${d.location?.col}`)
    assert.deepEqual(rulesOf(), ['snippet-annotation 8:5', 'unknown-annotation 7:5'])
    assert.deepEqual(rulesOf('ingress-nginx'), rulesOf())
    assert.deepEqual(rulesOf('spec'), [])
  })
})
