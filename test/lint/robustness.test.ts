import assert from 'node:assert/strict'
import {test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'
import {lint} from '../../src/lint/index.js'

/** Malformed but parseable objects: lint reports them, never throws. */
const DOCS = [
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a, namespace: x}\nspec: "text"\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: b, namespace: x}\nspec: {rules: "r", tls: 5, defaultBackend: []}\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: c, namespace: x}\nspec:\n  rules: [null, 3, {host: 5, http: {paths: [null, {path: 7, pathType: [], backend: {service: {name: 1, port: "p"}}}]}}]\n  tls: [null, {hosts: [1, null, "a.com"], secretName: 4}]\n',
  'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: d, namespace: x, annotations: {kubernetes.io/ingress.class: 5}}\nspec:\n  backend: {servicePort: {a: 1}}\n  rules: [{http: {paths: [{backend: {serviceName: svc, servicePort: [1]}}]}}]\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: svc, namespace: x}\nspec: {ports: [null, 1, {name: 3, port: "80"}]}\n',
  'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: x}\ntype: kubernetes.io/tls\ndata: {tls.crt: 5, tls.key: null}\n',
  'apiVersion: v1\nkind: Secret\nmetadata: {name: s2, namespace: x}\ntype: kubernetes.io/tls\nstringData: "x"\n',
  'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata: {name: k, annotations: "x"}\n',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: e, namespace: x}\nspec:\n  ingressClassName: k\n  tls: [{hosts: [a.com], secretName: s}, {hosts: [b.com], secretName: s2}]\n  rules: [{host: a.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: svc, port: {number: 80}}}}]}}]\n',
]

test('malformed objects never make lint throw', () => {
  for (let i = 0; i < DOCS.length; i++) {
    const one = parseManifests(DOCS[i]!, `doc${i}.yaml`)
    assert.doesNotThrow(() => lint({snapshot: one.snapshot, loadDiagnostics: one.diagnostics, now: 0}), `doc ${i}`)
  }
  const all = parseManifests(DOCS.join('---\n'), 'all.yaml')
  const report = lint({snapshot: all.snapshot, loadDiagnostics: all.diagnostics, now: 0})
  assert.ok(report.counts.error > 0)
  for (const d of report.diagnostics) {
    assert.ok(d.rule && d.message && d.severity, JSON.stringify(d))
  }
  // The Secret without a usable tls.crt is reported as unusable, not parsed.
  assert.ok(report.diagnostics.some((d) => d.rule === 'tls-secret-wrong-type' && /x\/s\b/.test(d.message)))
})
