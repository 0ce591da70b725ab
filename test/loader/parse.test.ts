import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {loadManifests, parseManifests, requireSomethingLoaded} from '../../src/loader/index.js'
import type {Diagnostic} from '../../src/model/diagnostics.js'
import {fixture} from './helpers.js'

const at = (d: Diagnostic): string => `${d.rule} ${d.severity} ${d.location?.file}:${d.location?.line}:${d.location?.col}`

describe('multi-document YAML', () => {
  test('keeps the five kinds, skips other kinds and documents without kind, counts documents', async () => {
    const file = fixture('loader', 'multi-doc.yaml')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics, [])
    assert.deepEqual(
      r.snapshot.ingresses.map((e) => [e.namespace, e.name, e.source.doc, e.source.line, e.source.col]),
      [
        ['team-a', 'first', 0, 2, 1],
        ['default', 'second', 3, 23, 1],
      ],
    )
    // IngressClass is cluster-scoped: no namespace, whatever the document says.
    assert.deepEqual(
      r.snapshot.ingressClasses.map((e) => [e.namespace, e.name, e.source.doc, e.source.line]),
      [['', 'nginx', 4, 35]],
    )
    assert.equal(r.snapshot.services.length, 0)
    assert.equal(r.snapshot.ingresses[0].source.file, file)
  })

  test('options.defaultNamespace applies to objects without metadata.namespace', () => {
    const r = parseManifests('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n', 'x.yaml', {defaultNamespace: 'shop'})
    assert.equal(r.snapshot.services[0].namespace, 'shop')
  })

  test('keeps Ingress in its beta apiVersions as written; a CRD called Ingress is not ours', async () => {
    const r = await loadManifests([fixture('loader', 'beta-and-foreign.yaml')])
    assert.deepEqual(
      r.snapshot.ingresses.map((e) => [e.name, e.object.apiVersion]),
      [
        ['legacy', 'extensions/v1beta1'],
        ['beta', 'networking.k8s.io/v1beta1'],
      ],
    )
    assert.equal(r.snapshot.ingresses[0].object.spec?.backend?.serviceName, 'web')
    assert.deepEqual(
      r.snapshot.endpointSlices.map((e) => [e.name, e.object.apiVersion]),
      [['web-abc', 'discovery.k8s.io/v1beta1']],
    )
  })

  test('a kept kind without metadata.name is an invalid-object error at its place; the rest loads', async () => {
    const file = fixture('loader', 'missing-name.yaml')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics.map(at), [`invalid-object error ${file}:3:1`])
    assert.match(r.diagnostics[0].message, /^Ingress has no metadata\.name/)
    assert.ok(r.diagnostics[0].hint)
    assert.equal(r.snapshot.ingresses.length, 0)
    assert.deepEqual(
      r.snapshot.services.map((e) => e.name),
      ['ok'],
    )
  })

  test('a kept kind without apiVersion is an invalid-object error', () => {
    const r = parseManifests('kind: Ingress\nmetadata:\n  name: x\n', 'x.yaml')
    assert.deepEqual(r.diagnostics.map(at), ['invalid-object error x.yaml:1:1'])
    assert.match(r.diagnostics[0].message, /has no apiVersion/)
    assert.match(r.diagnostics[0].hint ?? '', /networking\.k8s\.io\/v1/)
  })

  test('scalars, sequences and nulls at the top of a document are skipped silently', () => {
    const r = parseManifests('just a string\n---\n- a\n- b\n---\n~\n---\n42\n', 'x.yaml')
    assert.deepEqual(r.diagnostics, [])
  })

  test('an object defined twice: the later definition wins, the earlier one gets a warning', () => {
    const doc = (port: number): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n    - port: ${port}\n`
    const r = parseManifests(`${doc(80)}---\n${doc(8080)}`, 'dup.yaml')
    assert.equal(r.snapshot.services.length, 1)
    assert.equal(r.snapshot.services[0].object.spec?.ports?.[0].port, 8080)
    assert.deepEqual(r.diagnostics.map(at), ['duplicate-object warning dup.yaml:1:1'])
    assert.match(r.diagnostics[0].message, /Service shop\/web is defined again at dup\.yaml:10:1/)
  })

  test('a UTF-8 byte order mark is not content', () => {
    const r = parseManifests('\ufeffapiVersion: v1\nkind: Service\nmetadata:\n  name: bom\n', 'bom.yaml')
    assert.deepEqual(r.diagnostics, [])
    assert.equal(r.snapshot.services[0].name, 'bom')
    assert.deepEqual(r.snapshot.services[0].source.locate(['metadata', 'name']), {line: 4, col: 3})
  })

  test('timestamps stay strings (YAML 1.2 core schema, as the API server sees them)', () => {
    const r = parseManifests('apiVersion: v1\nkind: Service\nmetadata:\n  name: t\n  creationTimestamp: 2024-03-11T09:12:44Z\n', 'x.yaml')
    assert.equal(r.snapshot.services[0].object.metadata?.creationTimestamp, '2024-03-11T09:12:44Z')
  })

  test('merge keys are resolved (sigs.k8s.io/yaml accepts them)', () => {
    const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: m\nspec:\n  ports:\n    - &p {port: 80, protocol: TCP}\n    - <<: *p\n      port: 81\n'
    const r = parseManifests(text, 'x.yaml')
    assert.deepEqual(r.snapshot.services[0].object.spec?.ports, [
      {port: 80, protocol: 'TCP'},
      {port: 81, protocol: 'TCP'},
    ])
  })
})

describe('syntax errors', () => {
  test('a malformed document is reported at file:line:col with the parser message; the others still load', async () => {
    const file = fixture('loader', 'broken-middle.yaml')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics.map(at), [`yaml-syntax error ${file}:16:1`])
    assert.equal(r.diagnostics[0].message, 'invalid YAML document 2: unexpected end of the stream within a double quoted scalar')
    assert.deepEqual(
      r.snapshot.services.map((e) => [e.name, e.source.doc, e.source.line]),
      [
        ['before', 0, 1],
        ['after', 2, 17],
      ],
    )
  })

  test('bad indentation points at the offending line and column', async () => {
    const file = fixture('loader', 'bad-indent.yaml')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics.map(at), [`yaml-syntax error ${file}:5:2`])
    assert.match(r.diagnostics[0].message, /bad indentation of a mapping entry/)
  })

  test('a duplicate key is an error, as it is for kubectl', () => {
    const r = parseManifests('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  name: b\n', 'x.yaml')
    assert.deepEqual(r.diagnostics.map(at), ['yaml-syntax error x.yaml:5:3'])
    assert.match(r.diagnostics[0].message, /duplicated mapping key/)
  })

  test('broken JSON: json-syntax at the trailing comma, same message on every Node version', async () => {
    const file = fixture('loader', 'trailing-comma.json')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics.map(at), [`json-syntax error ${file}:5:18`])
    assert.equal(r.diagnostics[0].message, 'invalid JSON: trailing comma before }')
    assert.equal(r.snapshot.services.length, 0)
    // Nothing loaded at all: for routes, match and diff that is bad input (exit 2), each error listed.
    assert.throws(() => requireSomethingLoaded(r), {code: 'E_NOTHING_LOADED', message: new RegExp(`${file}:5:18: invalid JSON: trailing comma before }`)})
  })

  test('JSON errors: unterminated string, missing comma, truncated input', () => {
    const cases: Array<[string, string, string]> = [
      ['{"kind": "Service,\n "a": 1}', '1:19', 'control character in string (line breaks must be written \\n)'],
      ['{"kind": "Service"\n "a": 1}', '2:2', "expected ',' or '}' after a property value, found '\"'"],
      ['{"kind": "Service", "items": [1, 2', '1:35', "expected ',' or ']' after an array element, found end of input"],
      ['{"a": tru}', '1:7', "unexpected 't'"],
    ]
    for (const [text, pos, message] of cases) {
      const r = parseManifests(text, 'x.json')
      assert.deepEqual(r.diagnostics.map(at), [`json-syntax error x.json:${pos}`], text)
      assert.equal(r.diagnostics[0].message, `invalid JSON: ${message}`, text)
    }
  })
})

describe('lists', () => {
  test('kubectl get ingress,svc -A -o yaml: a List with status and managedFields', async () => {
    const file = fixture('loader', 'kubectl-get-ingress-svc.yaml')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics, [])
    assert.deepEqual(
      r.snapshot.ingresses.map((e) => [e.namespace, e.name, e.source.doc, e.source.line, e.source.col]),
      [
        ['shop', 'web', 0, 3, 3],
        ['monitoring', 'grafana', 1, 56, 3],
      ],
    )
    assert.deepEqual(
      r.snapshot.services.map((e) => [e.namespace, e.name, e.source.doc, e.source.line]),
      [
        ['default', 'kubernetes', 2, 86],
        ['monitoring', 'grafana', 3, 114],
        ['shop', 'web', 4, 146],
      ],
    )
    const grafana = r.snapshot.ingresses[1]
    assert.deepEqual(grafana.source.locate(['spec', 'tls', 0, 'secretName']), {line: 81, col: 7})
    assert.deepEqual(grafana.source.locate(['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'port', 'name']), {line: 75, col: 17})
    assert.equal(r.snapshot.ingresses[0].object.metadata?.creationTimestamp, '2024-03-11T09:12:44Z')
  })

  test('kubectl get -o json: a List in JSON, items located by their own lines', async () => {
    const file = fixture('loader', 'list.json')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics, [])
    const ing = r.snapshot.ingresses[0]
    assert.deepEqual([ing.namespace, ing.name, ing.source.doc, ing.source.line, ing.source.col], ['shop', 'json-web', 0, 5, 9])
    assert.deepEqual(ing.source.locate(['spec', 'rules', 0, 'http', 'paths', 1, 'path']), {line: 24, col: 37})
    assert.deepEqual(ing.source.locate(['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'service', 'port', 'name']), {line: 26, col: 85})
    const svc = r.snapshot.services[0]
    assert.deepEqual([svc.name, svc.source.doc, svc.source.line, svc.source.col], ['web', 1, 34, 9])
  })

  test('typed lists (IngressList from the API) fill in the items\' kind and apiVersion', () => {
    const text = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressList',
      metadata: {resourceVersion: '1'},
      items: [{metadata: {name: 'a', namespace: 'x'}, spec: {}}],
    })
    const r = parseManifests(text, '<stdin>')
    assert.deepEqual(
      r.snapshot.ingresses.map((e) => [e.kind, e.object.apiVersion, e.object.kind, e.namespace, e.name]),
      [['Ingress', 'networking.k8s.io/v1', 'Ingress', 'x', 'a']],
    )
  })
})

describe('helm template output', () => {
  test('# Source: comments, empty documents and many kinds mixed load cleanly', async () => {
    const file = fixture('loader', 'helm-template.yaml')
    const r = await loadManifests([file])
    assert.deepEqual(r.diagnostics, [])
    assert.deepEqual(
      [...r.snapshot.ingresses, ...r.snapshot.services, ...r.snapshot.secrets].map((e) => [e.kind, e.name, e.source.doc, e.source.line]),
      [
        ['Ingress', 'shop', 6, 73],
        ['Service', 'shop', 4, 34],
        ['Secret', 'shop-db', 1, 11],
      ],
    )
    assert.deepEqual(r.snapshot.ingresses[0].source.locate(['spec', 'tls', 0, 'hosts', 0]), {line: 85, col: 11})
  })
})

describe('document markers in odd places', () => {
  const svc = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n`

  test('trailing blanks, comments after the marker, repeated and final markers', () => {
    const text = `---   \n${svc('a')}--- # next\n${svc('b')}---\n---\n\n${svc('c')}---\n`
    const r = parseManifests(text, 'odd.yaml')
    assert.deepEqual(r.diagnostics, [])
    assert.deepEqual(
      r.snapshot.services.map((e) => [e.name, e.source.line]),
      [
        ['a', 2],
        ['b', 7],
        ['c', 14],
      ],
    )
  })

  test('an indented --- inside a block scalar is content, not a marker', () => {
    const text = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  values.yaml: |\n    a: 1\n    ---\n    b: 2\n---\n${svc('after')}`
    const r = parseManifests(text, 'scalar.yaml')
    assert.deepEqual(r.diagnostics, [])
    assert.equal(r.snapshot.secrets[0].object.stringData?.['values.yaml'], 'a: 1\n---\nb: 2\n')
    assert.equal(r.snapshot.services[0].name, 'after')
  })

  test('CRLF line endings', () => {
    const text = `${svc('a')}---\n${svc('b')}`.replace(/\n/g, '\r\n')
    const r = parseManifests(text, 'crlf.yaml')
    assert.deepEqual(r.diagnostics, [])
    assert.deepEqual(
      r.snapshot.services.map((e) => [e.name, e.source.line, e.source.locate(['metadata', 'name']).line, e.source.locate(['metadata', 'name']).col]),
      [
        ['a', 1, 4, 3],
        ['b', 6, 9, 3],
      ],
    )
  })

  test('a document end marker (...) followed by a directive and a new document', () => {
    const text = `${svc('a')}...\n%YAML 1.2\n---\n${svc('b')}`
    const r = parseManifests(text, 'directive.yaml')
    assert.deepEqual(r.diagnostics, [])
    assert.deepEqual(
      r.snapshot.services.map((e) => [e.name, e.source.doc, e.source.line]),
      [
        ['a', 0, 1],
        ['b', 1, 8],
      ],
    )
  })
})
