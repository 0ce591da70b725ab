import assert from 'node:assert/strict'
import {test} from 'node:test'
import type {Ingress} from '../../src/model/objects.js'
import type {Entry} from '../../src/model/snapshot.js'
import {syntheticSource} from '../../src/model/source.js'
import {formatFieldPath} from '../../src/model/source.js'
import {validateIngress} from '../../src/validation/index.js'

type Any = any // eslint-disable-line @typescript-eslint/no-explicit-any

function base(): Any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {name: 'web', namespace: 'shop'},
    spec: {
      rules: [
        {
          host: 'foo.example.com',
          http: {
            paths: [
              {path: '/', pathType: 'Prefix', backend: {service: {name: 'web', port: {number: 80}}}},
              {path: '/api', pathType: 'Exact', backend: {service: {name: 'api', port: {name: 'http'}}}},
            ],
          },
        },
      ],
    },
  }
}

function entryOf(obj: Any): Entry<Ingress> {
  return {kind: 'Ingress', namespace: obj?.metadata?.namespace ?? 'default', name: obj?.metadata?.name ?? '', object: obj, source: syntheticSource('test.yaml')}
}

function rulesFor(mut: (o: Any) => void, start: () => Any = base): string[] {
  const o = start()
  mut(o)
  return validateIngress(entryOf(o)).map((d) => d.rule)
}

const p0 = (o: Any): Any => o.spec.rules[0].http.paths[0]

// [name, mutation, expected rule ids]. Mirrors ValidateIngressCreate cases of
// pkg/apis/networking/validation/validation_test.go where they exist.
const cases: Array<[string, (o: Any) => void, string[]]> = [
  ['valid base', () => {}, []],
  ['defaultBackend only', (o) => (o.spec = {defaultBackend: {service: {name: 'web', port: {number: 80}}}}), []],
  ['neither rules nor defaultBackend', (o) => (o.spec = {}), ['spec-empty']],
  ['empty rules', (o) => (o.spec = {rules: []}), ['spec-empty']],
  ['no spec', (o) => delete o.spec, ['spec-empty']],
  ['missing name', (o) => delete o.metadata.name, ['name-required']],
  ['generateName only', (o) => { delete o.metadata.name; o.metadata.generateName = 'web-' }, []],
  ['uppercase name', (o) => (o.metadata.name = 'Web'), ['invalid-name']],
  ['dotted name is a subdomain', (o) => (o.metadata.name = 'web.v1'), []],
  ['bad namespace', (o) => (o.metadata.namespace = 'a.b'), ['invalid-namespace']],
  ['bad label key', (o) => (o.metadata.labels = {'a b': 'x'}), ['invalid-label']],
  ['bad label value', (o) => (o.metadata.labels = {app: '-x'}), ['invalid-label']],
  ['bad annotation key', (o) => (o.metadata.annotations = {'a/b/c': 'x'}), ['invalid-annotation-key']],
  ['uppercase annotation key is fine', (o) => (o.metadata.annotations = {'Example.com/Foo': 'x'}), []],
  ['annotation class matches', (o) => { o.metadata.annotations = {'kubernetes.io/ingress.class': 'nginx'}; o.spec.ingressClassName = 'nginx' }, []],
  ['annotation class mismatch', (o) => { o.metadata.annotations = {'kubernetes.io/ingress.class': 'nginx'}; o.spec.ingressClassName = 'traefik' }, ['ingress-class-mismatch']],
  ['ingressClassName ok', (o) => (o.spec.ingressClassName = 'nginx.example.com'), []],
  ['ingressClassName bad', (o) => (o.spec.ingressClassName = 'Nginx'), ['invalid-ingress-class-name']],
  ['ingressClassName empty', (o) => (o.spec.ingressClassName = ''), ['invalid-ingress-class-name']],
  // hosts
  ['no host', (o) => delete o.spec.rules[0].host, []],
  ['empty host', (o) => (o.spec.rules[0].host = ''), []],
  ['wildcard host', (o) => (o.spec.rules[0].host = '*.example.com'), []],
  ['wildcard not first label', (o) => (o.spec.rules[0].host = 'foo.*.example.com'), ['invalid-wildcard-host']],
  ['double wildcard', (o) => (o.spec.rules[0].host = '*.*.example.com'), ['invalid-wildcard-host']],
  ['partial wildcard', (o) => (o.spec.rules[0].host = 'f*.example.com'), ['invalid-wildcard-host']],
  ['bare wildcard', (o) => (o.spec.rules[0].host = '*'), ['invalid-wildcard-host']],
  ['uppercase host', (o) => (o.spec.rules[0].host = 'Foo.example.com'), ['invalid-host']],
  ['host with port', (o) => (o.spec.rules[0].host = 'foo.com:8080'), ['invalid-host']],
  ['host with underscore', (o) => (o.spec.rules[0].host = 'foo_bar.com'), ['invalid-host']],
  ['IPv4 host', (o) => (o.spec.rules[0].host = '1.2.3.4'), ['host-is-ip']],
  ['IPv6 host', (o) => (o.spec.rules[0].host = '::1'), ['host-is-ip', 'invalid-host']],
  ['numeric labels are not an IP', (o) => (o.spec.rules[0].host = '1.2.3.4.5'), []],
  // http
  ['rule without http', (o) => delete o.spec.rules[0].http, []],
  ['http without paths', (o) => (o.spec.rules[0].http = {}), ['http-paths-required']],
  ['http with empty paths', (o) => (o.spec.rules[0].http = {paths: []}), ['http-paths-required']],
  // path types
  ['missing pathType', (o) => delete p0(o).pathType, ['path-type-required']],
  ['missing pathType skips backend checks', (o) => { delete p0(o).pathType; p0(o).backend = {} }, ['path-type-required']],
  ['unknown pathType', (o) => (p0(o).pathType = 'prefix'), ['invalid-path-type']],
  ['ImplementationSpecific', (o) => (p0(o).pathType = 'ImplementationSpecific'), []],
  ['ImplementationSpecific empty path', (o) => { p0(o).pathType = 'ImplementationSpecific'; delete p0(o).path }, []],
  ['ImplementationSpecific relative', (o) => { p0(o).pathType = 'ImplementationSpecific'; p0(o).path = 'foo' }, ['path-not-absolute']],
  ['ImplementationSpecific may contain //', (o) => { p0(o).pathType = 'ImplementationSpecific'; p0(o).path = '/foo//bar' }, []],
  ['ImplementationSpecific regex', (o) => { p0(o).pathType = 'ImplementationSpecific'; p0(o).path = '/foo/(.*)' }, []],
  // paths (Exact/Prefix)
  ['Prefix empty path', (o) => delete p0(o).path, ['path-not-absolute']],
  ['Prefix relative', (o) => (p0(o).path = 'foo'), ['path-not-absolute']],
  ['Exact relative', (o) => { p0(o).pathType = 'Exact'; p0(o).path = 'foo/bar' }, ['path-not-absolute']],
  ['Prefix //', (o) => (p0(o).path = '/foo//bar'), ['invalid-path']],
  ['Prefix /./', (o) => (p0(o).path = '/foo/./bar'), ['invalid-path']],
  ['Prefix /../', (o) => (p0(o).path = '/foo/../bar'), ['invalid-path']],
  ['Prefix %2f', (o) => (p0(o).path = '/foo%2fbar'), ['invalid-path']],
  ['Prefix %2F', (o) => (p0(o).path = '/foo%2Fbar'), ['invalid-path']],
  ['Exact ends /..', (o) => { p0(o).pathType = 'Exact'; p0(o).path = '/foo/..' }, ['invalid-path']],
  ['Exact ends /.', (o) => { p0(o).pathType = 'Exact'; p0(o).path = '/foo/.' }, ['invalid-path']],
  ['root /', (o) => (p0(o).path = '/'), []],
  ['trailing slash', (o) => (p0(o).path = '/foo/'), []],
  ['dots inside a segment', (o) => (p0(o).path = '/foo..bar/.baz/...'), []],
  ['Prefix regex chars are allowed by the API', (o) => (p0(o).path = '/foo(.*)'), []],
  // backends
  ['backend missing', (o) => delete p0(o).backend, ['backend-missing']],
  ['backend empty', (o) => (p0(o).backend = {}), ['backend-missing']],
  ['v1beta1 fields in v1', (o) => (p0(o).backend = {serviceName: 'web', servicePort: 80}), ['backend-missing']],
  ['service and resource', (o) => (p0(o).backend.resource = {apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static'}), ['backend-service-and-resource']],
  ['resource only', (o) => (p0(o).backend = {resource: {apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static'}}), []],
  ['resource core group', (o) => (p0(o).backend = {resource: {kind: 'ConfigMap', name: 'x'}}), []],
  ['resource missing kind and name', (o) => (p0(o).backend = {resource: {apiGroup: 'k8s.example.com'}}), ['resource-kind-required', 'resource-name-required']],
  ['resource bad apiGroup', (o) => (p0(o).backend = {resource: {apiGroup: 'K8s', kind: 'A', name: 'b'}}), ['invalid-resource-api-group']],
  ['resource bad kind', (o) => (p0(o).backend = {resource: {kind: '..', name: 'b'}}), ['invalid-resource-kind']],
  ['resource bad name', (o) => (p0(o).backend = {resource: {kind: 'A', name: 'a/b'}}), ['invalid-resource-name']],
  ['service name missing', (o) => delete p0(o).backend.service.name, ['service-name-required']],
  ['service name starts with digit', (o) => (p0(o).backend.service.name = '1web'), ['invalid-service-name']],
  ['service name with dot', (o) => (p0(o).backend.service.name = 'web.shop'), ['invalid-service-name']],
  ['service name too long', (o) => (p0(o).backend.service.name = 'a'.repeat(64)), ['invalid-service-name']],
  ['port missing', (o) => delete p0(o).backend.service.port, ['service-port-required']],
  ['port empty', (o) => (p0(o).backend.service.port = {}), ['service-port-required']],
  ['port number 0 is unset', (o) => (p0(o).backend.service.port = {number: 0}), ['service-port-required']],
  ['port name and number', (o) => (p0(o).backend.service.port = {name: 'http', number: 80}), ['service-port-name-and-number']],
  ['port number too big', (o) => (p0(o).backend.service.port = {number: 65536}), ['invalid-port-number']],
  ['port number negative', (o) => (p0(o).backend.service.port = {number: -1}), ['invalid-port-number']],
  ['port number 65535', (o) => (p0(o).backend.service.port = {number: 65535}), []],
  ['port number as string', (o) => (p0(o).backend.service.port = {number: '80'}), ['invalid-field-type', 'service-port-required']],
  ['port name uppercase', (o) => (p0(o).backend.service.port = {name: 'HTTP'}), ['invalid-port-name']],
  ['port name digits only', (o) => (p0(o).backend.service.port = {name: '8080'}), ['invalid-port-name']],
  ['port name too long', (o) => (p0(o).backend.service.port = {name: 'abcdefghijklmnop'}), ['invalid-port-name']],
  ['port name double hyphen', (o) => (p0(o).backend.service.port = {name: 'a--b'}), ['invalid-port-name']],
  ['defaultBackend validated', (o) => (o.spec.defaultBackend = {service: {name: 'Web', port: {number: 80}}}), ['invalid-service-name']],
  // TLS
  ['tls ok', (o) => (o.spec.tls = [{hosts: ['foo.example.com', '*.example.com'], secretName: 'foo-tls'}]), []],
  ['tls without hosts or secret', (o) => (o.spec.tls = [{}]), []],
  ['tls bad host', (o) => (o.spec.tls = [{hosts: ['Foo.com'], secretName: 'x'}]), ['invalid-tls-host']],
  ['tls bad wildcard', (o) => (o.spec.tls = [{hosts: ['*.*.foo.com']}]), ['invalid-tls-host']],
  ['tls bare wildcard', (o) => (o.spec.tls = [{hosts: ['*']}]), ['invalid-tls-host']],
  ['tls bad secret name', (o) => (o.spec.tls = [{hosts: ['foo.com'], secretName: 'Foo_TLS'}]), ['invalid-tls-secret-name']],
  // shapes
  ['rules not a list', (o) => (o.spec.rules = {host: 'x'}), ['invalid-field-type', 'spec-empty']],
  ['path not an object', (o) => (o.spec.rules[0].http.paths[0] = '/'), ['invalid-field-type']],
]

for (const [name, mut, expected] of cases) {
  test(`v1: ${name}`, () => {
    assert.deepEqual(rulesFor(mut).sort(), [...expected].sort())
  })
}

function beta(apiVersion: string): () => Any {
  return () => ({
    apiVersion,
    kind: 'Ingress',
    metadata: {name: 'web', namespace: 'shop'},
    spec: {
      backend: {serviceName: 'default-http', servicePort: 80},
      rules: [{host: 'foo.com', http: {paths: [{path: '/', backend: {serviceName: 'web', servicePort: 'http'}}]}}],
    },
  })
}

const betaCases: Array<[string, (o: Any) => void, string[]]> = [
  ['valid (pathType defaults to ImplementationSpecific)', () => {}, []],
  ['numeric servicePort', (o) => (o.spec.rules[0].http.paths[0].backend.servicePort = 8080), []],
  ['quoted numeric servicePort is a port name', (o) => (o.spec.rules[0].http.paths[0].backend.servicePort = '8080'), ['invalid-port-name']],
  ['servicePort out of range', (o) => (o.spec.rules[0].http.paths[0].backend.servicePort = 70000), ['invalid-port-number']],
  ['missing servicePort', (o) => delete o.spec.rules[0].http.paths[0].backend.servicePort, ['service-port-required']],
  ['missing serviceName', (o) => delete o.spec.rules[0].http.paths[0].backend.serviceName, ['service-name-required']],
  ['bad serviceName', (o) => (o.spec.rules[0].http.paths[0].backend.serviceName = 'Web'), ['invalid-service-name']],
  ['empty backend', (o) => (o.spec.rules[0].http.paths[0].backend = {}), ['backend-missing']],
  ['spec.backend validated', (o) => (o.spec.backend.servicePort = 0), ['service-port-required']],
  ['spec.backend alone', (o) => delete o.spec.rules, []],
  ['nothing', (o) => (o.spec = {}), ['spec-empty']],
  ['explicit Prefix still checked', (o) => { o.spec.rules[0].http.paths[0].pathType = 'Prefix'; o.spec.rules[0].http.paths[0].path = '/a//b' }, ['invalid-path']],
]

for (const v of ['extensions/v1beta1', 'networking.k8s.io/v1beta1']) {
  for (const [name, mut, expected] of betaCases) {
    test(`${v}: ${name}`, () => {
      assert.deepEqual(rulesFor(mut, beta(v)).sort(), [...expected].sort())
    })
  }
}

test('diagnostics carry severity, object, field, file and a hint', () => {
  const o = base()
  o.spec.rules[0].http.paths[1].path = 'api'
  const [d, ...rest] = validateIngress(entryOf(o))
  assert.equal(rest.length, 0)
  assert.equal(d!.rule, 'path-not-absolute')
  assert.equal(d!.severity, 'error')
  assert.deepEqual(d!.object, {kind: 'Ingress', namespace: 'shop', name: 'web'})
  assert.equal(d!.location?.field, 'spec.rules[0].http.paths[1].path')
  assert.equal(d!.location?.file, 'test.yaml')
  assert.match(d!.message, /^Ingress shop\/web: spec\.rules\[0\]\.http\.paths\[1\]\.path: invalid value "api": must be an absolute path$/)
  assert.match(d!.hint ?? '', /"\/api"/)
})

test('location comes from SourceRef.locate with the field path', () => {
  const o = base()
  o.spec.rules[0].host = 'Foo.example.com'
  const seen: unknown[] = []
  const entry: Entry<Ingress> = {
    ...entryOf(o),
    source: {file: 'k8s/web.yaml', doc: 2, line: 40, col: 1, locate: (p) => (seen.push(p), {line: 50, col: 11})},
  }
  const [d] = validateIngress(entry)
  assert.deepEqual(seen, [['spec', 'rules', 0, 'host']])
  assert.deepEqual(d!.location, {file: 'k8s/web.yaml', line: 50, col: 11, field: 'spec.rules[0].host'})
  assert.match(d!.hint ?? '', /"foo\.example\.com"/)
})

test('deterministic: same input, same output', () => {
  const o = base()
  o.spec.rules[0].host = '*.*.x'
  p0(o).pathType = 'Bogus'
  o.spec.tls = [{hosts: ['A'], secretName: 'B'}]
  assert.deepEqual(validateIngress(entryOf(o)), validateIngress(entryOf(structuredClone(o))))
})

test('formatFieldPath', () => {
  assert.equal(formatFieldPath(['spec', 'rules', 0, 'http', 'paths', 1, 'path']), 'spec.rules[0].http.paths[1].path')
  assert.equal(formatFieldPath(['metadata', 'annotations', 'kubernetes.io/ingress.class']), 'metadata.annotations[kubernetes.io/ingress.class]')
})

test('create-only checks are warnings for objects read from a cluster', () => {
  const o = base()
  o.metadata.annotations = {'kubernetes.io/ingress.class': 'nginx'}
  o.spec.ingressClassName = 'traefik'
  o.spec.tls = [{hosts: ['foo.example.com'], secretName: 'Foo_TLS'}]
  p0(o).path = 'relative'
  const fromFile = validateIngress(entryOf(o)).map((d) => `${d.rule}:${d.severity}`)
  assert.deepEqual(fromFile.sort(), ['ingress-class-mismatch:error', 'invalid-tls-secret-name:error', 'path-not-absolute:error'])
  const fromCluster = validateIngress({...entryOf(o), source: syntheticSource('cluster://staging')}).map((d) => `${d.rule}:${d.severity}`)
  assert.deepEqual(fromCluster.sort(), ['ingress-class-mismatch:warning', 'invalid-tls-secret-name:warning', 'path-not-absolute:error'])
})
