import assert from 'node:assert/strict'
import {test} from 'node:test'
import {ingress, lintIn, places, service, tree, type JsonDiagnostic} from './tree.js'

const SECRET = `apiVersion: v1
kind: Secret
metadata:
  name: other-tls
  namespace: shop
type: Opaque
`

function tlsSpec(secret: string, host = 'shop.example.com'): string {
  return `  tls:\n    - hosts: [${host}]\n      secretName: ${secret}\n`
}

test('cert-manager: an issuer-annotated Ingress has its TLS Secret created, so it is info naming the issuer, not a warning', async () => {
  const t = tree({
    'k8s/app.yaml': [
      ingress({meta: '  annotations:\n    cert-manager.io/cluster-issuer: letsencrypt-prod\n', spec: tlsSpec('web-tls')}),
      ingress({name: 'acme', host: 'acme.example.com', meta: '  annotations:\n    kubernetes.io/tls-acme: "true"\n', spec: tlsSpec('acme-tls', 'acme.example.com')}),
      ingress({name: 'plain', host: 'plain.example.com', spec: tlsSpec('plain-tls', 'plain.example.com')}),
      service(),
      SECRET,
    ].join('---\n'),
  })
  try {
    const r = await lintIn(t.dir, ['k8s', '-o', 'json', '--max-warnings', '0'])
    const out = JSON.parse(r.stdout) as {diagnostics: JsonDiagnostic[]; summary: {warnings: number}}
    const tls = out.diagnostics.filter((d) => d.rule === 'tls-secret-missing')
    assert.deepEqual(
      tls.map((d) => [d.severity, d.message]),
      [
        ['info', 'Ingress shop/web: TLS Secret shop/web-tls is not in the input; cert-manager creates it (ClusterIssuer letsencrypt-prod, from cert-manager.io/cluster-issuer)'],
        ['info', "Ingress shop/acme: TLS Secret shop/acme-tls is not in the input; cert-manager creates it (cert-manager's default issuer, from kubernetes.io/tls-acme)"],
        ['warning', 'Ingress shop/plain: TLS Secret shop/plain-tls is not in the input; the controller falls back to its default certificate for plain.example.com'],
      ],
    )
    assert.equal(out.summary.warnings, 1)
    assert.equal(r.code, 1, 'the one real warning is above --max-warnings 0')
  } finally {
    t.remove()
  }
})

test('Traefik routing annotations get annotation-not-applied, as ingress-nginx ones do; TLS-only ones do not', async () => {
  const t = tree({
    'app.yaml': `${ingress({meta: '  annotations:\n    traefik.ingress.kubernetes.io/router.middlewares: shop-strip@kubernetescrd\n    traefik.ingress.kubernetes.io/router.tls.certresolver: le\n    traefik.ingress.kubernetes.io/router.entrypoints: websecure\n'})}---\n${service()}`,
  })
  try {
    const r = await lintIn(t.dir, ['app.yaml', '-o', 'json'])
    const out = JSON.parse(r.stdout) as {diagnostics: JsonDiagnostic[]}
    assert.deepEqual(places(r.stdout), [
      ['annotation-not-applied', 'app.yaml', 7],
      ['annotation-not-applied', 'app.yaml', 9],
    ])
    assert.match(out.diagnostics[0]!.message, /router\.middlewares is not applied by ingressctl: Traefik runs these middlewares/)
    assert.match(out.diagnostics[1]!.message, /router\.entrypoints is not applied by ingressctl: Traefik serves this Ingress only on these entry points/)
  } finally {
    t.remove()
  }
})

const TEMPLATE = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "shop.fullname" . }}
  labels:
    {{- include "shop.labels" . | nindent 4 }}
spec:
  rules:
    - host: {{ .Values.host | quote }}
`

test('an unrendered Helm template is reported as one, with how to render it', async () => {
  const t = tree({'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n', 'chart/templates/ingress.yaml': TEMPLATE})
  try {
    const r = await lintIn(t.dir, ['chart/templates', '-o', 'json'])
    assert.equal(r.code, 1)
    const out = JSON.parse(r.stdout) as {diagnostics: JsonDiagnostic[]}
    assert.deepEqual(places(r.stdout), [['helm-template', 'chart/templates/ingress.yaml', 4]])
    assert.match(out.diagnostics[0]!.message, /this is a Helm template: render it with `helm template`/)
    assert.match(out.diagnostics[0]!.hint!, /helm template RELEASE CHART-DIR \| ingressctl lint -/)
  } finally {
    t.remove()
  }
})

test('rendered Helm output on stdin: findings at the chart file of # Source:, found from the chart directory or inside it', async () => {
  const rendered = `---\n# Source: shop/templates/service.yaml\n${service()}---\n# Source: shop/templates/ingress.yaml\n${ingress({path: 'api'})}`
  const t = tree({'charts/shop/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n', 'charts/shop/templates/ingress.yaml': TEMPLATE})
  try {
    const fromRepo = await lintIn(t.dir, ['-', '-o', 'json'], {stdin: rendered})
    assert.deepEqual(places(fromRepo.stdout), [['path-not-absolute', 'charts/shop/templates/ingress.yaml', 11]])
    // Inside the chart (helm template .): Chart.yaml names it, the path is relative to the repository root.
    const inChart = await lintIn(`${t.dir}/charts/shop`, ['-', '-o', 'json'], {stdin: rendered, env: {GITHUB_WORKSPACE: t.dir}})
    assert.deepEqual(places(inChart.stdout), [['path-not-absolute', 'charts/shop/templates/ingress.yaml', 11]])
  } finally {
    t.remove()
  }
})

test('--stdin-filename names standard input; file names are relative to GITHUB_WORKSPACE', async () => {
  const t = tree({'k8s/.keep': ''})
  try {
    const r = await lintIn(`${t.dir}/k8s`, ['-', '--stdin-filename', 'ingress.yaml', '-o', 'json'], {stdin: ingress({path: 'x'}), env: {GITHUB_WORKSPACE: t.dir}})
    assert.deepEqual(places(r.stdout), [['path-not-absolute', 'k8s/ingress.yaml', 11]])
    const plain = await lintIn(t.dir, ['-', '-o', 'json'], {stdin: ingress({path: 'x'})})
    assert.deepEqual(places(plain.stdout), [['path-not-absolute', '<stdin>', 11]])
  } finally {
    t.remove()
  }
})

test('directives: disable-line, disable-next-line, file-level disable; unknown directives and rule ids are warnings', async () => {
  const a = ingress({host: 'A.example.com'}).replace('    - host: A.example.com', '    - host: A.example.com # ingressctl-disable-line invalid-host')
  const b = `# ingressctl-disable path-not-absolute\n${ingress({path: 'x'})}`
  const c = ingress({host: 'C.example.com', path: 'y'})
    .replace('    - host: C.example.com', '    # ingressctl-disable-next-line invalid-host, no-such-rule\n    - host: C.example.com')
    .replace('kind: Ingress', 'kind: Ingress # ingressctl-enable-everything')
  const t = tree({'a.yaml': a, 'b.yaml': b, 'c.yaml': c})
  try {
    const r = await lintIn(t.dir, ['a.yaml', 'b.yaml', 'c.yaml', '--set', 'file', '-o', 'json'])
    const out = JSON.parse(r.stdout) as {diagnostics: JsonDiagnostic[]}
    assert.deepEqual(places(r.stdout), [
      ['unknown-directive', 'c.yaml', 2],
      ['unknown-directive', 'c.yaml', 8],
      ['path-not-absolute', 'c.yaml', 12],
    ])
    assert.match(out.diagnostics[0]!.message, /unknown directive ingressctl-enable-everything/)
    assert.match(out.diagnostics[1]!.message, /ingressctl-disable-next-line: unknown rule no-such-rule/)
  } finally {
    t.remove()
  }
})

test('--quiet reports errors only; --list-rules lists id, severity, fixable and description', async () => {
  const t = tree({'app.yaml': `${ingress({path: 'x'})}---\n${ingress({name: 'other', service: 'nope'})}---\n${service()}`})
  try {
    const loud = await lintIn(t.dir, ['app.yaml', '-o', 'json'])
    assert.ok(places(loud.stdout).some((p) => p[0] === 'missing-service'))
    const quiet = await lintIn(t.dir, ['app.yaml', '--quiet', '-o', 'json'])
    assert.deepEqual(places(quiet.stdout), [['path-not-absolute', 'app.yaml', 11]])
    const list = await lintIn(t.dir, ['--list-rules'])
    assert.equal(list.code, 0, list.stderr)
    const lines = list.stdout.trimEnd().split('\n')
    assert.match(lines[0]!, /^RULE +SEVERITY +FIXABLE +DESCRIPTION$/)
    assert.ok(lines.some((l) => /^path-shadowed +warning +A path can never be reached/.test(l)))
    const json = JSON.parse((await lintIn(t.dir, ['--list-rules', '-o', 'json'])).stdout) as Array<{id: string; docs: string}>
    assert.equal(json.find((r) => r.id === 'tls-secret-missing')!.docs, 'https://github.com/ingressctl/ingressctl/blob/main/README.md#rule-tls-secret-missing')
  } finally {
    t.remove()
  }
})
