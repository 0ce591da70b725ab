import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import type {ServiceBackend} from '../../src/model/routes.js'
import {ingress, rawIngress, rule, service, snapshot, svc} from './helpers.js'

function backendAt(t: ReturnType<typeof compile>, host: string, path: string): ServiceBackend {
  const b = t.lookup(host, path).route!.backend
  assert.equal(b.kind, 'service')
  return b as ServiceBackend
}

describe('service backends', () => {
  const services = [
    service('web', [
      {name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'},
      {name: 'admin', port: 9000, targetPort: 'admin-port', appProtocol: 'https'},
      {name: 'h2', port: 81, appProtocol: 'kubernetes.io/h2c'},
      {name: 'rpc', port: 82, appProtocol: 'grpc'},
      {name: 'ws', port: 83, appProtocol: 'kubernetes.io/wss'},
    ]),
    service('ext', [{port: 443}], {type: 'ExternalName', externalName: 'api.example.net'}),
  ]

  test('named port resolves through the Service', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', 'http')])])], services}))
    const b = backendAt(t, 'x.com', '/')
    assert.deepEqual(b.port, {name: 'http'})
    assert.deepEqual(b.servicePort, {name: 'http', port: 80, targetPort: 8080, protocol: 'TCP'})
    assert.equal(b.serviceType, 'ClusterIP')
    assert.equal(b.namespace, 'default')
    assert.equal(b.protocol, 'http')
  })

  test('port number refers to the Service port; targetPort defaults to port', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', 81)])])], services}))
    const b = backendAt(t, 'x.com', '/')
    assert.deepEqual(b.port, {number: 81})
    assert.deepEqual(b.servicePort, {name: 'h2', port: 81, targetPort: 81, appProtocol: 'kubernetes.io/h2c'})
  })

  test('appProtocol sets the upstream protocol', () => {
    const cases: Array<[string | number, string]> = [
      ['http', 'http'],
      ['admin', 'https'],
      [81, 'h2c'],
      ['rpc', 'grpc'],
      ['ws', 'https'],
    ]
    for (const [port, protocol] of cases) {
      const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', port)])])], services}))
      assert.equal(backendAt(t, 'x.com', '/').protocol, protocol, `port ${port}`)
    }
  })

  test('missing Service or port: servicePort undefined, no compiler diagnostic', () => {
    const t = compile(
      snapshot({
        ingresses: [ingress('a', [rule('x.com', ['/a', 'Prefix', svc('nope', 80)], ['/b', 'Prefix', svc('web', 'nope')], ['/c', 'Prefix', svc('web', 1234)])])],
        services,
      }),
    )
    assert.equal(backendAt(t, 'x.com', '/a').servicePort, undefined)
    assert.equal(backendAt(t, 'x.com', '/a').serviceType, undefined)
    assert.equal(backendAt(t, 'x.com', '/b').servicePort, undefined)
    assert.equal(backendAt(t, 'x.com', '/c').servicePort, undefined)
    assert.deepEqual(t.diagnostics, [])
  })

  test('the Service is looked up in the Ingress namespace', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', 'http')])], {namespace: 'other'})], services}))
    assert.equal(backendAt(t, 'x.com', '/').servicePort, undefined)
    assert.equal(backendAt(t, 'x.com', '/').namespace, 'other')
  })

  test('ExternalName Services carry the external name', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('ext', 443)])])], services}))
    const b = backendAt(t, 'x.com', '/')
    assert.equal(b.serviceType, 'ExternalName')
    assert.equal(b.externalName, 'api.example.net')
  })
})

describe('backend-protocol annotation', () => {
  const services = [service('web', [{name: 'http', port: 80, appProtocol: 'kubernetes.io/h2c'}])]
  const KEY = 'nginx.ingress.kubernetes.io/backend-protocol'
  const cases: Array<[string, string, string]> = [
    ['HTTP', 'http', 'HTTP'],
    ['HTTPS', 'https', 'HTTPS'],
    ['GRPC', 'grpc', 'GRPC'],
    ['GRPCS', 'grpcs', 'GRPCS'],
    ['AUTO_HTTP', 'http', 'AUTO_HTTP'],
    [' grpcs ', 'grpcs', 'GRPCS'],
  ]
  for (const [value, protocol, parsed] of cases) {
    test(`${JSON.stringify(value)} → ${protocol} (wins over appProtocol)`, () => {
      const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', 80)])], {annotations: {[KEY]: value}})], services}))
      const r = t.lookup('x.com', '/').route!
      assert.equal((r.backend as ServiceBackend).protocol, protocol)
      assert.deepEqual(r.annotations, {[KEY]: parsed})
      assert.deepEqual(t.diagnostics, [])
    })
  }

  test('FCGI is reported as unsupported; the appProtocol applies', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', 80)])], {annotations: {[KEY]: 'FCGI'}})], services}))
    assert.deepEqual(t.diagnostics.map((d) => [d.rule, d.severity]), [['unsupported-annotation-value', 'warning']])
    assert.equal(t.diagnostics[0]!.location?.field, `metadata.annotations[${KEY}]`)
    const r = t.lookup('x.com', '/').route!
    assert.equal((r.backend as ServiceBackend).protocol, 'h2c')
    assert.deepEqual(r.annotations, {})
  })

  test('an invalid value is reported', () => {
    const t = compile(snapshot({ingresses: [ingress('a', [rule('x.com', ['/', 'Prefix', svc('web', 80)])], {annotations: {[KEY]: 'SPDY'}})], services}))
    assert.deepEqual(t.diagnostics.map((d) => d.rule), ['invalid-annotation'])
    assert.match(t.diagnostics[0]!.message, /SPDY/)
  })
})

describe('resource backends', () => {
  test('kept as ResourceBackend with a warning, never a crash', () => {
    const t = compile(
      snapshot({
        ingresses: [
          ingress('static', [rule('x.com', ['/icons', 'ImplementationSpecific', {resource: {apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'icon-assets'}}])], {
            defaultBackend: {resource: {apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets'}},
          }),
        ],
      }),
    )
    const r = t.lookup('x.com', '/icons/a.png').route!
    assert.deepEqual(r.backend, {kind: 'resource', namespace: 'default', apiGroup: 'k8s.example.com', resourceKind: 'StorageBucket', name: 'icon-assets'})
    assert.equal(t.lookup('x.com', '/other').route!.backend.name, 'static-assets')
    const w = t.diagnostics.filter((d) => d.rule === 'unsupported-resource-backend')
    assert.equal(w.length, 2)
    assert.ok(w.every((d) => d.severity === 'warning'))
  })
})

describe('v1beta1 conversion', () => {
  test('serviceName/servicePort, spec.backend and the pathType default', () => {
    const t = compile(
      snapshot({
        ingresses: [
          rawIngress({
            apiVersion: 'networking.k8s.io/v1beta1',
            kind: 'Ingress',
            metadata: {name: 'legacy', namespace: 'old'},
            spec: {
              backend: {serviceName: 'fallback', servicePort: 8080},
              rules: [
                {
                  host: 'legacy.example.com',
                  http: {
                    paths: [
                      {path: '/api', backend: {serviceName: 'api', servicePort: 'http'}},
                      {path: '/exact', pathType: 'Exact', backend: {serviceName: 'exact', servicePort: 81}},
                    ],
                  },
                },
              ],
            },
          }),
        ],
        services: [service('api', [{name: 'http', port: 80}], {namespace: 'old'})],
      }),
    )
    // Routed as the API server converted it, with the one warning every command shows for a removed apiVersion.
    assert.deepEqual(
      t.diagnostics.map((d) => [d.rule, d.severity, d.location?.field]),
      [['deprecated-api-version', 'warning', 'apiVersion']],
    )
    const api = t.lookup('legacy.example.com', '/api/users').route!
    assert.equal(api.pathType, 'ImplementationSpecific')
    assert.equal(api.matchKind, 'Prefix')
    assert.deepEqual((api.backend as ServiceBackend).port, {name: 'http'})
    assert.equal((api.backend as ServiceBackend).servicePort?.port, 80)
    const exact = t.lookup('legacy.example.com', '/exact').route!
    assert.deepEqual((exact.backend as ServiceBackend).port, {number: 81})
    const fallback = t.lookup('legacy.example.com', '/nothing').route!
    assert.equal(fallback.defaultBackend, true)
    assert.equal(fallback.backend.name, 'fallback')
    assert.equal(fallback.location?.field, 'spec.backend')
  })

  test('extensions/v1beta1 too; a path-less rule is served as /', () => {
    const t = compile(
      snapshot({
        ingresses: [
          rawIngress({
            apiVersion: 'extensions/v1beta1',
            kind: 'Ingress',
            metadata: {name: 'ext'},
            spec: {rules: [{http: {paths: [{backend: {serviceName: 'web', servicePort: 80}}]}}]},
          }),
        ],
      }),
    )
    assert.deepEqual(
      t.diagnostics.map((d) => d.message),
      ['Ingress default/ext: apiVersion extensions/v1beta1 was removed in Kubernetes 1.22: routed as the API server converted it, but a current cluster refuses the object'],
    )
    const r = t.lookup('x', '/anything').route!
    assert.equal(r.path, '/')
    assert.equal(r.pathType, 'ImplementationSpecific')
    assert.equal(r.backend.name, 'web')
  })
})
