import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {NGINX_DEFAULTS} from '../../src/compiler/nginx/config.js'
import {describeNginxConfig, findControllerConfigMap, parseConfigMapName, resolveNginxConfig} from '../../src/compiler/nginx/configmap.js'
import {parseManifests} from '../../src/loader/index.js'

function cm(namespace: string, name: string, data: Record<string, string>, labels = ''): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, `  namespace: ${namespace}`]
  if (labels) lines.push('  labels:', ...labels.split(',').map((l) => `    ${l.replace('=', ': ')}`))
  lines.push('data:', ...Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`))
  return lines.join('\n')
}

const CHART = 'app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller'

function load(...docs: string[]) {
  return parseManifests(docs.join('\n---\n'), 'cluster.yaml').snapshot
}

describe('finding the controller ConfigMap', () => {
  test("by the chart's name ingress-nginx/ingress-nginx-controller, before any labelled one", () => {
    const s = load(cm('edge', 'edge-controller', {hsts: 'false'}, CHART), cm('ingress-nginx', 'ingress-nginx-controller', {hsts: 'true'}), cm('shop', 'settings', {}))
    assert.equal(findControllerConfigMap(s).entry?.name, 'ingress-nginx-controller')
  })

  test("by the chart's labels (both of them) when the name is not the chart's", () => {
    const s = load(cm('edge', 'edge-controller', {hsts: 'false'}, CHART), cm('shop', 'half', {}, 'app.kubernetes.io/name=ingress-nginx'))
    const found = findControllerConfigMap(s)
    assert.equal(found.entry?.name, 'edge-controller')
    assert.deepEqual(found.diagnostics, [])
    assert.equal(resolveNginxConfig(s).config.hsts, false)
  })

  test('none: the controller defaults, and no diagnostic', () => {
    const s = load(cm('shop', 'settings', {hsts: 'false'}))
    const r = resolveNginxConfig(s)
    assert.equal(r.config, NGINX_DEFAULTS)
    assert.deepEqual(r.diagnostics, [])
    assert.equal(describeNginxConfig(r.config), 'controller defaults (no ingress-nginx ConfigMap found)')
  })

  test('--controller-config names one (any name, labels not needed); a missing one is reported and the defaults apply', () => {
    const s = load(cm('ingress-nginx', 'ingress-nginx-controller', {hsts: 'true'}), cm('ops', 'nginx-settings', {hsts: 'false'}))
    assert.equal(resolveNginxConfig(s, 'ops/nginx-settings').config.hsts, false)
    const missing = resolveNginxConfig(s, 'ops/absent')
    assert.equal(missing.config, NGINX_DEFAULTS)
    assert.deepEqual(missing.diagnostics.map((d) => `${d.rule} ${d.severity}`), ['controller-config-not-found warning'])
    assert.match(missing.diagnostics[0]!.message, /--controller-config ops\/absent: no such ConfigMap in the input/)
  })

  test('NAMESPACE/NAME syntax', () => {
    assert.deepEqual(parseConfigMapName('ingress-nginx/ingress-nginx-controller'), {namespace: 'ingress-nginx', name: 'ingress-nginx-controller'})
    for (const bad of ['ingress-nginx-controller', 'a/b/c', '/b', 'A/b', 'a/']) assert.equal(parseConfigMapName(bad), undefined, bad)
  })
})

describe('reading the ConfigMap as ingress-nginx does', () => {
  test('booleans are Go booleans; an empty value is false; unknown keys are kept raw', () => {
    const s = load(
      cm('ingress-nginx', 'ingress-nginx-controller', {'ssl-redirect': '0', hsts: 'F', 'hsts-preload': 'TRUE', 'use-forwarded-headers': 't', 'hsts-include-subdomains': '', 'worker-processes': '4'}),
    )
    const c = resolveNginxConfig(s).config
    assert.deepEqual(
      [c.sslRedirect, c.hsts, c.hstsPreload, c.useForwardedHeaders, c.hstsIncludeSubdomains, c.forceSslRedirect],
      [false, false, true, true, false, false],
    )
    assert.equal(c.raw['worker-processes'], '4')
    assert.deepEqual(c.source && {namespace: c.source.namespace, name: c.source.name, line: c.source.location?.line}, {namespace: 'ingress-nginx', name: 'ingress-nginx-controller', line: 1})
  })

  test('annotations-risk-level in any case; any other value is read as Low (reported)', () => {
    const level = (v: string) => resolveNginxConfig(load(cm('ingress-nginx', 'ingress-nginx-controller', {'annotations-risk-level': v})))
    assert.equal(level('critical').config.annotationsRiskLevel, 'Critical')
    assert.equal(level('MEDIUM').config.annotationsRiskLevel, 'Medium')
    const typo = level('Hgh')
    assert.equal(typo.config.annotationsRiskLevel, 'Low')
    assert.match(typo.diagnostics[0]!.message, /reads it as Low/)
  })

  test('an invalid value keeps that key at its default, the others apply; each is reported at its key (line and column)', () => {
    const text = cm('ingress-nginx', 'ingress-nginx-controller', {hsts: 'yes', 'hsts-max-age': '1y', 'http-redirect-code': '303', 'ssl-redirect': 'false'})
    const r = resolveNginxConfig(parseManifests(text, 'ingress-nginx.yaml').snapshot)
    assert.equal(r.config.hsts, true)
    assert.equal(r.config.hstsMaxAge, 31536000)
    assert.equal(r.config.httpRedirectCode, 308)
    assert.equal(r.config.sslRedirect, false)
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.rule} ${d.severity} ${d.location?.file}:${d.location?.line}:${d.location?.col}`),
      ['controller-config-invalid warning ingress-nginx.yaml:7:3', 'controller-config-invalid warning ingress-nginx.yaml:8:3', 'controller-config-invalid warning ingress-nginx.yaml:9:3'],
    )
    assert.match(r.diagnostics[0]!.message, /ConfigMap ingress-nginx\/ingress-nginx-controller: hsts: "yes" is not a boolean; the default "true" applies/)
  })

  test('http-redirect-code: 301, 302, 307 or 308', () => {
    const code = (v: string) => resolveNginxConfig(load(cm('ingress-nginx', 'ingress-nginx-controller', {'http-redirect-code': v}))).config.httpRedirectCode
    assert.deepEqual(['301', '302', '307', '308', '303', 'x'].map(code), [301, 302, 307, 308, 308, 308])
  })

  test('a data value that is not a string (unquoted YAML) is reported and ignored', () => {
    const text = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: ingress-nginx-controller', '  namespace: ingress-nginx', 'data:', '  hsts: false'].join('\n')
    const r = resolveNginxConfig(parseManifests(text, 'cm.yaml').snapshot)
    assert.equal(r.config.hsts, true)
    assert.match(r.diagnostics[0]!.message, /data\.hsts is not a string/)
    assert.equal(r.diagnostics[0]!.location?.line, 7)
  })

  test('the compiled table carries the settings, and the risk level they set drives the annotation checks', () => {
    const ingress = [
      'apiVersion: networking.k8s.io/v1',
      'kind: Ingress',
      'metadata:',
      '  name: web',
      '  namespace: shop',
      '  annotations:',
      '    nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/check"',
      'spec:',
      '  rules:',
      '    - host: shop.example.com',
      '      http:',
      '        paths:',
      '          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}',
    ].join('\n')
    const risky = compile(load(ingress, cm('ingress-nginx', 'ingress-nginx-controller', {'annotations-risk-level': 'Medium'})))
    assert.equal(risky.nginx?.annotationsRiskLevel, 'Medium')
    assert.ok(risky.diagnostics.some((d) => d.rule === 'annotation-risk-too-high' && /auth-url has risk High, above annotations-risk-level Medium \(ConfigMap ingress-nginx\/ingress-nginx-controller\)/.test(d.message)))
    const defaults = compile(load(ingress))
    assert.equal(defaults.nginx?.annotationsRiskLevel, 'High')
    assert.ok(!defaults.diagnostics.some((d) => d.rule === 'annotation-risk-too-high'))
  })
})
