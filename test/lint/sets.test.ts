import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {ROOT} from '../run-cli.js'
import {ingress, lintIn, places, service, tree, type JsonDiagnostic} from './tree.js'

const INGRESS_CLASS = `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`

test('per-environment directories are separate sets: each environment\'s own errors, no duplicate-object, exit 1', async () => {
  const t = tree({
    'k8s/prod/ingress.yaml': ingress({host: 'Shop.example.com'}), // invalid host (line 8)
    'k8s/staging/ingress.yaml': ingress({host: 'staging.example.com', path: 'api'}), // path not absolute (line 11)
  })
  try {
    const r = await lintIn(t.dir, ['k8s/', '-o', 'json'])
    assert.equal(r.code, 1, r.stderr)
    assert.deepEqual(places(r.stdout), [
      ['invalid-host', 'k8s/prod/ingress.yaml', 8],
      ['path-not-absolute', 'k8s/staging/ingress.yaml', 11],
    ])
    // One cluster (--set all): the duplicate is a finding, and still hides neither definition's errors.
    const all = await lintIn(t.dir, ['k8s/', '--set', 'all', '-o', 'json'])
    assert.deepEqual(places(all.stdout), [
      ['duplicate-object', 'k8s/prod/ingress.yaml', 1],
      ['invalid-host', 'k8s/prod/ingress.yaml', 8],
      ['path-not-absolute', 'k8s/staging/ingress.yaml', 11],
    ])
  } finally {
    t.remove()
  }
})

test('cross-object checks run per environment: a Service in prod does not satisfy staging', async () => {
  const t = tree({
    'k8s/class.yaml': INGRESS_CLASS, // shared by every set: no ingress-class-not-found
    'k8s/prod/app.yaml': `${ingress({spec: '  ingressClassName: nginx\n'})}---\n${service()}`,
    'k8s/staging/app.yaml': `${ingress({host: 'staging.example.com', service: 'web-staging', spec: '  ingressClassName: nginx\n'})}---\n${service()}`,
  })
  try {
    const r = await lintIn(t.dir, ['k8s', '-o', 'json'])
    assert.deepEqual(places(r.stdout), [['missing-service', 'k8s/staging/app.yaml', 16]])
    const d = (JSON.parse(r.stdout) as {diagnostics: JsonDiagnostic[]}).diagnostics[0]!
    assert.match(d.message, /web-staging/)
  } finally {
    t.remove()
  }
})

test('duplicates within one set stay a finding, and the earlier definition is still validated', async () => {
  const t = tree({
    'k8s/a.yaml': `${ingress({host: 'Bad.example.com'})}---\n${ingress()}`,
  })
  try {
    const r = await lintIn(t.dir, ['k8s', '-o', 'json'])
    assert.deepEqual(places(r.stdout), [
      ['duplicate-object', 'k8s/a.yaml', 1],
      ['invalid-host', 'k8s/a.yaml', 8],
    ])
  } finally {
    t.remove()
  }
})

test('files that define the same objects side by side are separate sets (--set file and dir too)', async () => {
  const t = tree({
    'envs/prod.yaml': ingress({host: 'Prod.example.com'}),
    'envs/staging.yaml': ingress({path: 'x'}),
  })
  try {
    const expected = [
      ['invalid-host', 'envs/prod.yaml', 8],
      ['path-not-absolute', 'envs/staging.yaml', 11],
    ]
    assert.deepEqual(places((await lintIn(t.dir, ['envs', '-o', 'json'])).stdout), expected)
    assert.deepEqual(places((await lintIn(t.dir, ['envs', '--set', 'file', '-o', 'json'])).stdout), expected)
    assert.deepEqual(places((await lintIn(t.dir, ['envs', '--set', 'dir', '-o', 'json'])).stdout), [['duplicate-object', 'envs/prod.yaml', 1], ...expected])
  } finally {
    t.remove()
  }
})

test('a kustomize directory is one set, its patches are not linted alone, and the hint names kubectl kustomize', async () => {
  const t = tree({
    'deploy/base/kustomization.yaml': 'resources:\n  - ingress.yaml\n  - service.yaml\n',
    'deploy/base/ingress.yaml': ingress(),
    'deploy/base/service.yaml': service(),
    'deploy/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\npatches:\n  - path: ingress-patch.yaml\n',
    // A partial object: linted alone it would be "spec-empty".
    'deploy/overlays/prod/ingress-patch.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n    a: b\n',
  })
  try {
    const r = await lintIn(t.dir, ['deploy', '-o', 'json'])
    assert.equal(r.code, 0, r.stdout + r.stderr)
    const out = JSON.parse(r.stdout) as {diagnostics: JsonDiagnostic[]}
    assert.deepEqual(places(r.stdout), [
      ['kustomize-directory', 'deploy/base/kustomization.yaml', 1],
      ['kustomize-directory', 'deploy/overlays/prod/kustomization.yaml', 1],
    ])
    assert.match(out.diagnostics[1]!.message, /patches not linted on their own: deploy\/overlays\/prod\/ingress-patch\.yaml/)
    assert.match(out.diagnostics[1]!.hint!, /`kubectl kustomize deploy\/overlays\/prod \| ingressctl lint -`/)
    assert.equal(out.diagnostics[0]!.severity, 'info')
  } finally {
    t.remove()
  }
})

/** `# expect: RULE` markers of the lint fixtures, read from the files (not from lint's output). */
function fixtureMarkers(): Array<[string, string, number]> {
  const out: Array<[string, string, number]> = []
  const dir = join(ROOT, 'fixtures', 'lint')
  for (const rule of readdirSync(dir).sort()) {
    for (const f of readdirSync(join(dir, rule)).sort()) {
      readFileSync(join(dir, rule, f), 'utf8')
        .split('\n')
        .forEach((l, i) => {
          const m = /#\s*expect:\s*([a-z-]+)/.exec(l)
          if (m) out.push([m[1]!, `fixtures/lint/${rule}/${f}`, i + 1])
        })
    }
  }
  return out
}

test('lint fixtures/lint shows every marked finding of every bad.yaml (the pairs define the same objects)', async () => {
  const r = await lintIn(ROOT, ['fixtures/lint', '-o', 'json'], {env: {GITHUB_WORKSPACE: ROOT}})
  assert.equal(r.code, 1, r.stderr)
  const got = new Set(places(r.stdout).map((p) => p.join(' ')))
  const missing = fixtureMarkers().filter((m) => !got.has(m.join(' ')))
  // That one needs --ingress-class (which leaves out every class-less Ingress of the other fixtures).
  assert.deepEqual(missing, [['ingress-class-excluded', 'fixtures/lint/ingress-class-excluded/bad.yaml', 7]])
  assert.ok(!places(r.stdout).some((p) => p[0] === 'duplicate-object'), 'bad.yaml and good.yaml of a rule are separate sets')
  const excluded = await lintIn(ROOT, ['fixtures/lint', '--ingress-class', 'nginx', '-o', 'json'], {env: {GITHUB_WORKSPACE: ROOT}})
  assert.ok(places(excluded.stdout).some((p) => p.join(' ') === missing[0]!.join(' ')))
})
