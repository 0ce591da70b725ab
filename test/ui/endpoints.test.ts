import assert from 'node:assert/strict'
import {test} from 'node:test'
import {emptySnapshot, syntheticSource, type Entry, type EndpointSlice, type ServiceBackend, type Snapshot} from '../../src/model/index.js'
import {endpointLookup} from '../../src/ui/model/endpoints.js'

function slice(name: string, service: string, ports: EndpointSlice['ports'], endpoints: EndpointSlice['endpoints']): Entry<EndpointSlice> {
  return {
    kind: 'EndpointSlice',
    namespace: 'shop',
    name,
    object: {apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: {name, namespace: 'shop', labels: {'kubernetes.io/service-name': service}}, ports, endpoints},
    source: syntheticSource('slices.yaml'),
  }
}

function backend(name: string, portName?: string): ServiceBackend {
  return {kind: 'service', namespace: 'shop', name, port: {name: portName ?? 'http'}, protocol: 'http', ...(portName !== undefined ? {servicePort: {name: portName || undefined, port: 80}} : {})}
}

const snap = (slices: Entry<EndpointSlice>[]): Snapshot => ({...emptySnapshot(), endpointSlices: slices})

test('no EndpointSlices in the input: endpoints are unknown, not 0/0', () => {
  assert.equal(endpointLookup(emptySnapshot())(backend('web', 'http')), undefined)
  assert.equal(endpointLookup(undefined)(backend('web', 'http')), undefined)
})

test('ready counts: ready=false is not ready, a missing condition is ready; a Service without slices is 0/0', () => {
  const lookup = endpointLookup(
    snap([
      slice('web-1', 'web', [{name: 'http', port: 8080}], [
        {addresses: ['10.0.0.1'], conditions: {ready: true}},
        {addresses: ['10.0.0.2'], conditions: {ready: false, terminating: true}},
        {addresses: ['10.0.0.3']},
      ]),
    ]),
  )
  const web = lookup(backend('web', 'http'))!
  assert.deepEqual([web.ready, web.total], [2, 3])
  assert.deepEqual(web.endpoints.map((e) => [e.address, e.ready, e.terminating]), [
    ['10.0.0.1', true, false],
    ['10.0.0.2', false, true],
    ['10.0.0.3', true, false],
  ])
  assert.deepEqual(lookup(backend('other', 'http')), {ready: 0, total: 0, endpoints: []})
})

test('slices are matched to the Service port by name; a Pod in IPv4 and IPv6 slices counts once', () => {
  const lookup = endpointLookup(
    snap([
      slice('web-v4', 'web', [{name: 'http', port: 8080}], [{addresses: ['10.0.0.1'], targetRef: {kind: 'Pod', name: 'web-a'}}]),
      slice('web-v6', 'web', [{name: 'http', port: 8080}], [{addresses: ['fd00::1'], targetRef: {kind: 'Pod', name: 'web-a'}}]),
      slice('web-metrics', 'web', [{name: 'metrics', port: 9090}], [{addresses: ['10.0.0.9'], targetRef: {kind: 'Pod', name: 'web-m'}}]),
      slice('api', 'api', [{port: 8080}], [{addresses: ['10.0.1.1']}]),
    ]),
  )
  const http = lookup(backend('web', 'http'))!
  assert.deepEqual([http.ready, http.total], [1, 1])
  assert.equal(http.endpoints[0]!.target, 'Pod/web-a')
  assert.deepEqual(lookup(backend('web', 'metrics'))!.endpoints.map((e) => e.address), ['10.0.0.9'])
  // An unnamed Service port matches slice ports without a name.
  assert.equal(lookup(backend('api', ''))!.total, 1)
  // The Service is not in the input (port unresolved): every slice of the Service counts.
  assert.equal(lookup({kind: 'service', namespace: 'shop', name: 'web', port: {number: 80}, protocol: 'http'})!.total, 2)
})

test('ExternalName Services have no endpoints to count', () => {
  const lookup = endpointLookup(snap([slice('x', 'ext', [], [{addresses: ['10.0.0.1']}])]))
  assert.equal(lookup({...backend('ext', 'http'), serviceType: 'ExternalName', externalName: 'db.example.com'}), undefined)
})
