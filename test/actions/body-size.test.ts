/** proxy-body-size: sizes as nginx reads them, the compiled body-size action (ConfigMap default 1m), and the evaluator's 413. */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {requestOutcome} from '../../src/actions/outcome.js'
import {formatSize, parseNginxSize} from '../../src/actions/size.js'
import {compile} from '../../src/compiler/index.js'
import {NGINX_DEFAULTS} from '../../src/compiler/nginx/config.js'
import type {Route} from '../../src/model/routes.js'
import {ingress, rule, snapshot, svc} from '../compiler/helpers.js'

describe('parseNginxSize (ngx_parse_offset)', () => {
  test('bytes and the k, m, g units in either case', () => {
    assert.equal(parseNginxSize('0'), 0)
    assert.equal(parseNginxSize('1000'), 1000)
    assert.equal(parseNginxSize('8k'), 8192)
    assert.equal(parseNginxSize('8K'), 8192)
    assert.equal(parseNginxSize('1m'), 1048576)
    assert.equal(parseNginxSize('10M'), 10485760)
    assert.equal(parseNginxSize('2g'), 2147483648)
    assert.equal(parseNginxSize('1G'), 1073741824)
  })
  test('what nginx refuses: empty, spaces, signs, fractions, b, two units, other letters', () => {
    for (const v of ['', ' 1m', '1m ', '1 m', '-1', '+1', '1.5m', '1b', '1mb', 'm', '1t', 'k8']) assert.equal(parseNginxSize(v), undefined, v)
  })
  test('formatSize writes back the largest whole unit', () => {
    assert.deepEqual([1048576, 8192, 1000, 1536, 3 * 1024 ** 3].map(formatSize), ['1m', '8k', '1000', '1536', '3g'])
  })
})

function route(annotations: Record<string, string>, raw: Record<string, string> = {}, className = 'nginx'): Route {
  const ann = Object.fromEntries(Object.entries(annotations).map(([k, v]) => ['nginx.ingress.kubernetes.io/' + k, v]))
  const t = compile(snapshot({ingresses: [ingress('web', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {annotations: ann, ...(className ? {className} : {})})]}), {nginxConfig: {...NGINX_DEFAULTS, raw}})
  return t.routes.find((r) => r.host === 'app.test')!
}

const status = (r: Route, contentLength?: number) => {
  const o = requestOutcome(r, {host: 'app.test', target: '/', method: 'POST', ...(contentLength !== undefined ? {contentLength} : {})})
  return o.type === 'respond' ? o.status : o.type
}

describe('body-size action', () => {
  test('every ingress-nginx route carries the ConfigMap default 1m', () => {
    const r = route({})
    assert.deepEqual(r.actions, [{type: 'body-size', limit: 1048576, by: ['ConfigMap proxy-body-size']}])
    assert.equal(status(r, 1048576), 'proxy')
    assert.equal(status(r, 1048577), 413)
    assert.equal(status(r), 'proxy')
  })
  test('the annotation wins over the ConfigMap; the ConfigMap key changes the default', () => {
    assert.deepEqual(route({'proxy-body-size': '8k'}, {'proxy-body-size': '2m'}).actions, [{type: 'body-size', limit: 8192, by: ['proxy-body-size']}])
    assert.deepEqual(route({}, {'proxy-body-size': '2m'}).actions, [{type: 'body-size', limit: 2097152, by: ['ConfigMap proxy-body-size']}])
  })
  test('0 is unlimited: no action', () => {
    assert.equal(route({'proxy-body-size': '0'}).actions, undefined)
    assert.equal(route({}, {'proxy-body-size': '0'}).actions, undefined)
  })
  test('an unreadable annotation falls back to the ConfigMap value and is reported', () => {
    const ann = {'nginx.ingress.kubernetes.io/proxy-body-size': '1b'}
    const t = compile(snapshot({ingresses: [ingress('web', [rule('app.test', ['/', 'Prefix', svc('web', 80)])], {annotations: ann, className: 'nginx'})]}), {nginxConfig: {...NGINX_DEFAULTS, raw: {'proxy-body-size': '4k'}}})
    assert.deepEqual(t.routes[0]!.actions, [{type: 'body-size', limit: 4096, by: ['ConfigMap proxy-body-size']}])
    assert.ok(t.diagnostics.some((d) => d.rule === 'invalid-annotation' && d.message.includes('proxy-body-size')), JSON.stringify(t.diagnostics))
  })
  test('a spec-profile route gets no limit', () => {
    assert.equal(route({}, {}, '').actions, undefined)
  })
})
