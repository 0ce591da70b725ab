/** `match -o json` on Ingresses of the ingress-nginx profile, through the built binary. */
import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {runCli} from '../run-cli.js'

const FILE = ['-f', 'fixtures/match/ingress-nginx.yaml']

async function match(...args: string[]): Promise<{code: number | null; json: Record<string, unknown>}> {
  const r = await runCli(['match', ...FILE, ...args, '-o', 'json'])
  return {code: r.code, json: JSON.parse(r.stdout) as Record<string, unknown>}
}

describe('match -o json, ingress-nginx profile', () => {
  test('a regex host: the location that served, its regex and capture groups, and the profile with its reason', async () => {
    const {code, json} = await match('http://api.example.com/V1/users/7?x=1')
    assert.equal(code, 0)
    assert.deepEqual(json.route, {ingress: 'shop/api', host: 'api.example.com', path: '/v1(/|$)(.*)', pathType: 'ImplementationSpecific', defaultBackend: false})
    assert.deepEqual(json.profile, {name: 'ingress-nginx', reason: 'class nginx (spec.ingressClassName); no IngressClass nginx in the input'})
    const location = json.location as {modifier: string; path: string; uri: string; captures: string[]; regex: string}
    assert.equal(location.modifier, '~*')
    assert.equal(location.path, '^/v1(/|$)(.*)')
    assert.equal(location.uri, '/V1/users/7')
    assert.deepEqual(location.captures, ['/V1/users/7', '/', 'users/7'])
  })

  test('regex mode covers every Ingress of the host: the Exact /v1/health of another Ingress is ~* "^/v1/health", tried after the longer regex', async () => {
    const {json} = await match('http://api.example.com/v1/health')
    assert.equal((json.route as {ingress: string}).ingress, 'shop/api')
    assert.equal((json.location as {path: string}).path, '^/v1(/|$)(.*)')
  })

  test('a prefix location /guide/: /guide is nginx\'s 301 to /guide/', async () => {
    const {json} = await match('http://docs.example.com/guide')
    assert.deepEqual(json.location, {modifier: '=', path: '/guide/', uri: '/guide', slashRedirect: true})
  })

  test('--controller spec: the Kubernetes semantics, no location', async () => {
    const {code, json} = await match('http://api.example.com/v1/healthz', '--controller', 'spec')
    assert.equal(code, 1)
    assert.deepEqual(json, {matched: false, status: 404, request: {target: '/v1/healthz', path: '/v1/healthz'}, action: {type: 'respond', status: 404}})
    const guide = await match('http://docs.example.com/guide', '--controller', 'spec')
    assert.deepEqual(guide.json.profile, {name: 'spec', reason: '--controller spec'})
    assert.equal(guide.json.location, undefined)
  })

  test('--explain names why the other locations lost', async () => {
    const r = await runCli(['match', ...FILE, 'http://api.example.com/v1/health', '-o', 'json', '--explain'])
    const json = JSON.parse(r.stdout) as {route: {ingress: string}; candidates: Array<{ingress: string; reason: string; detail: string}>}
    assert.equal(json.route.ingress, 'shop/api')
    const legacy = json.candidates.find((c) => c.ingress === 'shop/legacy')
    assert.equal(legacy?.reason, 'earlier-regex')
    assert.match(legacy!.detail, /Exact \/v1\/health .* as location ~\* "\^\/v1\/health" matches, but location ~\* "\^\/v1\(\/\|\$\)\(\.\*\)" is written before it/)
  })
})
