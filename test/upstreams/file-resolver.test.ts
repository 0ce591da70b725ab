import assert from 'node:assert/strict'
import {test} from 'node:test'
import {createFileResolver, parseMapFlags} from '../../src/upstreams/file/index.js'
import {backendOf, ingress, load} from './helpers.js'

const SERVICE_WEB = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports:
    - {name: http, port: 80, targetPort: web-http}
    - {name: admin, port: 9000, targetPort: 9090}
`

const SLICE_WEB = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-abc
  namespace: shop
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
ports:
  - {name: http, port: 8080, protocol: TCP}
  - {name: admin, port: 9090, protocol: TCP}
endpoints:
  - addresses: [10.0.0.2]
    conditions: {ready: true}
    targetRef: {kind: Pod, name: web-1, namespace: shop}
  - addresses: [10.0.0.1]
  - addresses: [10.0.0.3]
    conditions: {ready: false, serving: true, terminating: true}
  - addresses: [10.0.0.4]
    conditions: {ready: false}
`

function docs(...parts: string[]): string {
  return parts.join('---\n')
}

test('--map wins over EndpointSlices; the most specific --map wins', () => {
  const {snapshot, table} = load(docs(ingress('web', 'web.test', '/', 'web', 80), SERVICE_WEB, SLICE_WEB))
  const b = backendOf(table, 'web.test|/|Prefix')
  const r = createFileResolver(snapshot, {
    maps: parseMapFlags(['web=http://127.0.0.1:1111', 'shop/web=http://127.0.0.1:2222', 'shop/web:80=https://127.0.0.1:3333', 'shop/web:9000=http://127.0.0.1:4444']),
  })
  const res = r.resolve(b)
  assert.equal(res.kind, 'endpoints')
  assert.ok(res.kind === 'endpoints')
  assert.equal(res.source, 'map')
  assert.deepEqual(
    res.endpoints.map((e) => [e.host, e.port, e.tls ?? false]),
    [['127.0.0.1', 3333, true]],
  )
  // A --map for another namespace does not apply.
  const other = createFileResolver(snapshot, {maps: parseMapFlags(['dev/web=http://127.0.0.1:1'])}).resolve(b)
  assert.ok(other.kind === 'endpoints' && other.source === 'endpointslice')
  // The port can be matched by the Service port name too.
  const byName = createFileResolver(snapshot, {maps: parseMapFlags(['web:http=http://127.0.0.1:5555'])}).resolve(b)
  assert.ok(byName.kind === 'endpoints' && byName.endpoints[0]!.port === 5555)
})

test('EndpointSlices: ready endpoints (nil ready = ready), port by the Service port name, addresses[0] only', () => {
  const {snapshot, table} = load(docs(ingress('web', 'web.test', '/', 'web', 80), ingress('adm', 'admin.test', '/', 'web', 'admin'), SERVICE_WEB, SLICE_WEB))
  const r = createFileResolver(snapshot)
  const res = r.resolve(backendOf(table, 'web.test|/|Prefix'))
  assert.ok(res.kind === 'endpoints')
  assert.equal(res.source, 'endpointslice')
  assert.deepEqual(res.endpoints.map((e) => e.key), ['10.0.0.1:8080', '10.0.0.2:8080'])
  assert.match(res.endpoints[1]!.label ?? '', /Pod shop\/web-1/)
  const adm = r.resolve(backendOf(table, 'admin.test|/|Prefix'))
  assert.ok(adm.kind === 'endpoints')
  assert.deepEqual(adm.endpoints.map((e) => e.key), ['10.0.0.1:9090', '10.0.0.2:9090'])
})

test('EndpointSlices: serving terminating endpoints are used when none is ready', () => {
  const slice = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-x, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv6
ports: [{name: http, port: 8080}]
endpoints:
  - addresses: ["fd00::3"]
    conditions: {ready: false, serving: true, terminating: true}
  - addresses: ["fd00::4"]
    conditions: {ready: false, serving: false, terminating: true}
`
  const {snapshot, table} = load(docs(ingress('web', 'web.test', '/', 'web', 80), SERVICE_WEB, slice))
  const res = createFileResolver(snapshot).resolve(backendOf(table, 'web.test|/|Prefix'))
  assert.ok(res.kind === 'endpoints')
  assert.deepEqual(res.endpoints.map((e) => [e.key, e.host]), [['[fd00::3]:8080', 'fd00::3']])
})

test('a slice without ready endpoints falls through; unresolved names the Service and the --map flag', () => {
  const slice = `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: web-y, namespace: shop, labels: {kubernetes.io/service-name: web}}
addressType: IPv4
ports: [{name: http, port: 8080}]
endpoints:
  - addresses: [10.0.0.9]
    conditions: {ready: false}
`
  const {snapshot, table} = load(docs(ingress('web', 'web.test', '/', 'web', 80), SERVICE_WEB, slice))
  const b = backendOf(table, 'web.test|/|Prefix')
  const res = createFileResolver(snapshot).resolve(b)
  assert.equal(res.kind, 'unresolved')
  assert.ok(res.kind === 'unresolved')
  assert.match(res.reason, /Service shop\/web port 80/)
  assert.match(res.reason, /EndpointSlice web-y has no ready endpoints/)
  assert.equal(res.hint, '--map shop/web:80=http://127.0.0.1:PORT')
  assert.deepEqual(createFileResolver(snapshot, {echo: true}).resolve(b), {kind: 'echo'})
})

test('a Service missing from the input is unresolved (or echo with --echo); the hint keeps a named port', () => {
  const {snapshot, table} = load(ingress('api', 'api.test', '/', 'api', 'grpc', 'dev'))
  const b = backendOf(table, 'api.test|/|Prefix')
  const res = createFileResolver(snapshot).resolve(b)
  assert.ok(res.kind === 'unresolved')
  assert.equal(res.hint, '--map dev/api:grpc=http://127.0.0.1:PORT')
  assert.match(res.reason, /no --map flag, no EndpointSlice and no ExternalName/)
  assert.deepEqual(createFileResolver(snapshot, {echo: true}).resolve(b), {kind: 'echo'})
})

test('ExternalName Services resolve to the external name on the Service port', () => {
  const svc = `apiVersion: v1
kind: Service
metadata: {name: ext, namespace: shop}
spec:
  type: ExternalName
  externalName: backend.example.org.
  ports: [{name: https, port: 443, appProtocol: https}]
`
  const {snapshot, table} = load(docs(ingress('ext', 'ext.test', '/', 'ext', 'https'), svc))
  const b = backendOf(table, 'ext.test|/|Prefix')
  const res = createFileResolver(snapshot, {echo: true}).resolve(b)
  assert.ok(res.kind === 'endpoints')
  assert.equal(res.source, 'externalname')
  assert.deepEqual(
    res.endpoints.map((e) => [e.key, e.host, e.port]),
    [['backend.example.org:443', 'backend.example.org', 443]],
  )
})

test('answers are cached per backend object', () => {
  const {snapshot, table} = load(docs(ingress('web', 'web.test', '/', 'web', 80), SERVICE_WEB, SLICE_WEB))
  const r = createFileResolver(snapshot)
  const b = backendOf(table, 'web.test|/|Prefix')
  assert.equal(r.resolve(b), r.resolve(b))
})
