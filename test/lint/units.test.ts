import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {parse} from 'yaml'
import {UsageError} from '../../src/errors.js'
import {certificateCovers, certificateNames, secretCertificate} from '../../src/lint/certificates.js'
import {parseConfig, withFlags} from '../../src/lint/config.js'
import {escapeData, escapeProperty} from '../../src/lint/format/github.js'
import {text} from '../../src/lint/format/text.js'
import {artifactUri} from '../../src/lint/format/sarif.js'
import {hostCovers} from '../../src/lint/helpers.js'
import {summarize} from '../../src/lint/index.js'
import {applyDisableComments, parseDisableComments} from '../../src/lint/suppress.js'
import type {Diagnostic} from '../../src/model/diagnostics.js'
import type {Secret} from '../../src/model/objects.js'

const root = new URL('../../../', import.meta.url).pathname

test('hostCovers: exact, and a wildcard covers exactly one label', () => {
  const rows: Array<[string, string, boolean]> = [
    ['foo.com', 'foo.com', true],
    ['*.foo.com', 'bar.foo.com', true],
    ['*.foo.com', 'foo.com', false],
    ['*.foo.com', 'a.bar.foo.com', false],
    ['*.foo.com', '*.foo.com', true],
    ['*.com', '*.foo.com', false],
    ['foo.com', 'bar.foo.com', false],
  ]
  for (const [pattern, host, want] of rows) assert.equal(hostCovers(pattern, host), want, `${pattern} ${host}`)
})

test('parseConfig: schema, defaults and errors naming the file', () => {
  const c = parseConfig('lint:\n  disable: [path-shadowed]\n  maxWarnings: 3\n  severity:\n    missing-service: error\n    duplicate-route: off\n', '/p/.ingressctl.yaml')
  assert.deepEqual([...c.disable], ['path-shadowed'])
  assert.equal(c.maxWarnings, 3)
  assert.deepEqual(c.severity, {'missing-service': 'error', 'duplicate-route': 'off'})
  assert.deepEqual([...parseConfig('', 'f').disable], [])
  assert.deepEqual([...parseConfig('other: 1\n', 'f').disable], [])
  for (const [bad, msg] of [
    ['lint: [a]\n', /lint must be a mapping/],
    ['lint:\n  disable: path-shadowed\n', /lint.disable must be a list/],
    ['lint:\n  disable: [nope]\n', /unknown rule "nope"/],
    ['lint:\n  maxWarnings: -1\n', /non-negative integer/],
    ['lint:\n  severity: {nope: error}\n', /unknown rule "nope"/],
    ['lint:\n  colour: true\n', /lint.colour: unknown setting/],
    ['lint: {\n', /not valid YAML/],
  ] as Array<[string, RegExp]>) {
    assert.throws(() => parseConfig(bad, '/p/.ingressctl.yaml'), (e: unknown) => e instanceof UsageError && msg.test(e.message) && e.message.startsWith('/p/.ingressctl.yaml'), bad)
  }
  const merged = withFlags(c, {disable: ['missing-service, tls-conflict'], maxWarnings: 0})
  assert.deepEqual([...merged.disable].sort(), ['missing-service', 'path-shadowed', 'tls-conflict'])
  assert.equal(merged.maxWarnings, 0)
  assert.throws(() => withFlags(c, {disable: ['bogus']}), UsageError)
})

test('disable comments: next line, rule lists, bare comment, reason after --', () => {
  const src = [
    'a: 1', // 1
    '# ingressctl-disable-next-line path-shadowed, missing-service', // 2
    'b: 2', // 3
    '  # ingressctl-disable-next-line', // 4
    'c: 3', // 5
    'd: 4 # ingressctl-disable-next-line tls-conflict -- owned by team x', // 6
    'e: 5', // 7
  ].join('\n')
  const m = parseDisableComments(src)
  assert.deepEqual([...m.keys()], [3, 5, 7])
  assert.deepEqual([...m.get(3)!], ['path-shadowed', 'missing-service'])
  assert.deepEqual([...m.get(5)!], ['*'])
  assert.deepEqual([...m.get(7)!], ['tls-conflict'])
  const d = (rule: string, line: number, file = 'f.yaml'): Diagnostic => ({rule, severity: 'warning', message: 'm', location: {file, line, col: 1}})
  const kept = applyDisableComments([d('path-shadowed', 3), d('duplicate-route', 3), d('anything', 5), d('path-shadowed', 4), d('path-shadowed', 3, 'other.yaml')], new Map([['f.yaml', m]]))
  assert.deepEqual(kept.map((x) => `${x.location!.file}:${x.location!.line}:${x.rule}`), ['f.yaml:3:duplicate-route', 'f.yaml:4:path-shadowed', 'other.yaml:3:path-shadowed'])
})

test('github escaping follows the runner (data: % CR LF; properties also : and ,)', () => {
  assert.equal(escapeData('50% done\r\nnext: a,b'), '50%25 done%0D%0Anext: a,b')
  assert.equal(escapeProperty('C:\\x,y.yaml'), 'C%3A\\x%2Cy.yaml')
})

test('SARIF artifact URIs are URI references', () => {
  assert.equal(artifactUri('k8s/my app.yaml'), 'k8s/my%20app.yaml')
  assert.equal(artifactUri('<stdin>'), '%3Cstdin%3E')
  assert.equal(artifactUri('cluster://staging'), 'cluster://staging')
  assert.equal(artifactUri('/tmp/a b.yaml'), 'file:///tmp/a%20b.yaml')
})

test('text format colors only when asked', () => {
  const report = summarize([{rule: 'x', severity: 'error', message: 'Ingress a/b: bad', location: {file: 'f.yaml', line: 2, col: 3}, hint: 'fix it'}])
  const plain = text.render(report, {color: false, version: '0'})
  assert.equal(plain, 'f.yaml\n  2:3  error    Ingress a/b: bad  [x]\n                hint: fix it\n\nrule documentation:\n  x: https://github.com/ingressctl/ingressctl/blob/main/README.md#rule-x\n\n✖ 1 problem (1 error, 0 warnings, 0 info)\n')
  assert.match(text.render(report, {color: true, version: '0'}), /\u001b\[31merror/)
})

test('certificates: SAN names, wildcard TLS hosts, checkHost semantics', () => {
  const doc = readFileSync(join(root, 'fixtures', 'lint', 'tls-cert-host-mismatch', 'bad.yaml'), 'utf8').split('\n---\n')[0]!
  const secret = parse(doc) as Secret
  const parsed = secretCertificate(secret)
  assert.ok('cert' in parsed)
  const cert = (parsed as {cert: X509Certificate}).cert
  assert.deepEqual(certificateNames(cert), ['app.example.com', '*.apps.example.com'])
  assert.equal(certificateCovers(cert, 'app.example.com'), true)
  assert.equal(certificateCovers(cert, 'APP.example.com'), true)
  assert.equal(certificateCovers(cert, 'x.apps.example.com'), true)
  assert.equal(certificateCovers(cert, '*.apps.example.com'), true)
  assert.equal(certificateCovers(cert, 'a.b.apps.example.com'), false)
  assert.equal(certificateCovers(cert, 'apps.example.com'), false)
  assert.equal(certificateCovers(cert, '*.example.com'), false)
  assert.equal(certificateCovers(cert, 'shop.example.com'), false)
  assert.deepEqual(secretCertificate({data: {'tls.crt': Buffer.from('not a cert').toString('base64')}}), {error: 'tls.crt holds no PEM certificate (-----BEGIN CERTIFICATE-----)'})
})
