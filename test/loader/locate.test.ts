import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'

const INGRESS = `# leading comment
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop   # trailing comment
  namespace: shop
  annotations: {a: "1", b: "2"}
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
          - pathType: Exact
            path: /healthz

            backend: {service: {name: status, port: {name: http}}}
    - http:
        paths:
          - path:
            pathType: Prefix
`

describe('SourceRef.locate', () => {
  const {snapshot} = parseManifests(INGRESS, 'shop.yaml')
  const src = snapshot.ingresses[0].source

  test('the object starts at its first content line, after comments and the marker', () => {
    assert.deepEqual([src.file, src.doc, src.line, src.col], ['shop.yaml', 0, 3, 1])
    assert.deepEqual(src.locate([]), {line: 3, col: 1})
  })

  const cases: Array<[Array<string | number>, number, number]> = [
    [['kind'], 4, 1],
    [['metadata', 'name'], 6, 3],
    [['metadata', 'annotations', 'b'], 8, 25],
    [['spec', 'rules'], 10, 3],
    [['spec', 'rules', 0], 11, 7],
    [['spec', 'rules', 0, 'host'], 11, 7],
    [['spec', 'rules', 0, 'http', 'paths', 0, 'backend', 'service', 'port', 'number'], 20, 19],
    [['spec', 'rules', 0, 'http', 'paths', 1], 21, 13],
    // keys in any order; a blank line does not matter
    [['spec', 'rules', 0, 'http', 'paths', 1, 'path'], 22, 13],
    [['spec', 'rules', 0, 'http', 'paths', 1, 'backend', 'service', 'port', 'name'], 24, 54],
    [['spec', 'rules', 1, 'http', 'paths', 0, 'pathType'], 28, 13],
    // a key without a value is still located
    [['spec', 'rules', 1, 'http', 'paths', 0, 'path'], 27, 13],
  ]
  for (const [path, line, col] of cases) {
    test(`${path.join('.')} at ${line}:${col}`, () => {
      assert.deepEqual(src.locate(path), {line, col})
    })
  }

  test('falls back to the nearest ancestor that exists', () => {
    assert.deepEqual(src.locate(['spec', 'rules', 0, 'http', 'paths', 7, 'path']), {line: 13, col: 9})
    assert.deepEqual(src.locate(['spec', 'tls', 0, 'hosts']), {line: 9, col: 1})
    assert.deepEqual(src.locate(['spec', 'rules', 1, 'http', 'paths', 0, 'path', 'deeper']), {line: 27, col: 13})
    assert.deepEqual(src.locate(['metadata', 'name', 'x']), {line: 6, col: 3})
    assert.deepEqual(src.locate(['nope']), {line: 3, col: 1})
  })

  test('positions are absolute in multi-document files', () => {
    const text = `${INGRESS}---\n${INGRESS.replace('name: shop ', 'name: two  ')}`
    const r = parseManifests(text, 'two.yaml')
    const second = r.snapshot.ingresses.find((e) => e.name === 'two')
    assert.ok(second)
    // doc 1 is the explicit empty document between the two markers (comment only)
    assert.equal(second.source.doc, 2)
    assert.equal(second.source.line, 32)
    assert.deepEqual(second.source.locate(['spec', 'rules', 0, 'http', 'paths', 1, 'path']), {line: 51, col: 13})
  })

  test('JSON objects are located too', () => {
    const json = '{\n  "apiVersion": "v1",\n  "kind": "Service",\n  "metadata": {"name": "j"},\n  "spec": {\n    "ports": [\n      {"name": "http", "port": 80},\n      {"name": "grpc", "port": 50051}\n    ]\n  }\n}\n'
    const svc = parseManifests(json, 'svc.json').snapshot.services[0]
    assert.deepEqual([svc.source.line, svc.source.col], [1, 1])
    assert.deepEqual(svc.source.locate(['spec', 'ports', 1, 'port']), {line: 8, col: 24})
    assert.deepEqual(svc.source.locate(['spec', 'ports', 1]), {line: 8, col: 7})
    assert.deepEqual(svc.source.locate(['spec', 'ports', 2]), {line: 6, col: 5})
  })
})

test('objects are located whatever way their kind is written', () => {
  const text = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: skipped}\n',
    'apiVersion: v1\nkind: !!str Service\nmetadata:\n  name: tagged\n',
    '{"apiVersion": "v1", "kind": "Service",\n "metadata": {"name": "flow"}}\n',
    'apiVersion: v1\nmetadata:\n  name: indented-kind\n  labels: {a: b}\nkind: "Service"\n',
  ].join('---\n')
  const {snapshot, diagnostics} = parseManifests(text, 'kinds.yaml')
  assert.deepEqual(diagnostics, [])
  assert.deepEqual(
    snapshot.services.map((e) => [e.name, e.source.line, e.source.locate(['metadata', 'name']).line, e.source.locate(['metadata', 'name']).col]),
    [
      ['tagged', 5, 8, 3],
      ['flow', 10, 11, 15],
      ['indented-kind', 13, 15, 3],
    ],
  )
})
