import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {Ajv, type ValidateFunction} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {loadManifests} from '../../src/loader/index.js'
import {lint} from '../../src/lint/index.js'
import {sarif} from '../../src/lint/format/sarif.js'
import {ALL_RULES} from '../../src/lint/registry.js'

const root = new URL('../../../', import.meta.url).pathname
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

/** The official OASIS schema (test/lint/schema/README.md); draft-04 `id` read as `$id`. */
function sarifValidator(): ValidateFunction {
  const schema = JSON.parse(readFileSync(join(root, 'test', 'lint', 'schema', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>
  const {$schema: _draft, id, ...rest} = schema
  const ajv = new Ajv({strict: false, allErrors: true})
  addFormats(ajv)
  return ajv.compile({$id: id, ...rest} as Record<string, unknown>)
}

const validate = sarifValidator()

function assertValid(log: unknown): void {
  const ok = validate(log)
  assert.ok(ok, JSON.stringify(validate.errors, null, 2))
}

test('the schema rejects what it should (the validator is not vacuous)', () => {
  assert.equal(validate({version: '2.1.0'}), false, 'runs is required')
  assert.equal(validate({version: '2.0.0', runs: []}), false)
  assert.equal(validate({version: '2.1.0', runs: [{tool: {driver: {name: 'x'}}, results: [{ruleId: 'r', message: {text: 'm'}, level: 'fatal'}]}]}), false)
  assert.equal(validate({version: '2.1.0', runs: [{tool: {driver: {name: 'x'}}, results: [{message: {text: 'm'}, locations: [{physicalLocation: {artifactLocation: {uri: 'a.yaml'}, region: {startLine: 0}}}]}]}]}), false)
})

test('ingressctl lint -o sarif (built CLI, every bad fixture) is valid SARIF 2.1.0', () => {
  const files = ['path-shadowed', 'implementation-specific-regex', 'deprecated-api-version', 'multiple-default-ingress-classes'].map((d) => join('fixtures', 'lint', d, 'bad.yaml'))
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'lint', '-o', 'sarif', ...files], {cwd: root, encoding: 'utf8', timeout: 30_000})
  assert.equal(r.status, 1, r.stderr)
  const log = JSON.parse(r.stdout)
  assertValid(log)
  const run = log.runs[0]
  assert.equal(run.tool.driver.name, 'ingressctl')
  assert.ok(run.results.length >= 5)
  for (const res of run.results) {
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, res.ruleId)
    assert.ok(['error', 'warning', 'note'].includes(res.level))
    const loc = res.locations[0].physicalLocation
    assert.match(loc.artifactLocation.uri, /^fixtures\/lint\/[a-z-]+\/bad\.yaml$/)
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1)
  }
  const shadowed = run.results.find((x: {ruleId: string}) => x.ruleId === 'path-shadowed')
  assert.equal(shadowed.level, 'warning')
  assert.ok(shadowed.relatedLocations.length >= 1)
})

test('SARIF for every fixture (bad and good), stdin, and no results, validates', async () => {
  const dirs = ['missing-service', 'tls-secret-wrong-type', 'multiple-default-ingress-classes', 'invalid-host', 'duplicate-route', 'implementation-specific-regex']
  for (const d of dirs) {
    for (const kind of ['bad', 'good']) {
      const loaded = await loadManifests([join('fixtures', 'lint', d, `${kind}.yaml`)])
      const report = lint({snapshot: loaded.snapshot, loadDiagnostics: loaded.diagnostics, now: Date.parse('2026-06-01T00:00:00Z')})
      const log = JSON.parse(sarif.render(report, {color: false, version: '0.1.0'}))
      assertValid(log)
      assert.equal(log.runs[0].results.length, report.diagnostics.length)
      assert.equal(log.runs[0].tool.driver.rules.length, ALL_RULES.length)
    }
  }
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), 'lint', '-', '-o', 'sarif'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    input: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: a\nspec:\n  rules:\n    - host: A.example.com\n',
  })
  const log = JSON.parse(r.stdout)
  assertValid(log)
  assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, '%3Cstdin%3E')
})

test('SARIF places files for code scanning: URIs relative to %SRCROOT% (the repository root), originalUriBaseIds, a helpUri per rule; absolute inputs too', async () => {
  const {tree, lintIn, ingress} = await import('./tree.js')
  const t = tree({'deploy/k8s/app.yaml': ingress({path: 'x'}), 'deploy/k8s/other.yaml': ingress({name: 'b', host: 'B.example.com'})})
  try {
    // Run from a subdirectory, naming one file by absolute path: both come out relative to GITHUB_WORKSPACE.
    const r = await lintIn(join(t.dir, 'deploy'), ['k8s/app.yaml', join(t.dir, 'deploy', 'k8s', 'other.yaml'), '-o', 'sarif'], {env: {GITHUB_WORKSPACE: t.dir}})
    assert.equal(r.code, 1, r.stderr)
    const log = JSON.parse(r.stdout)
    assertValid(log)
    const run = log.runs[0]
    assert.deepEqual(run.originalUriBaseIds, {'%SRCROOT%': {uri: `file://${t.dir}/`}})
    assert.deepEqual(
      run.results.map((x: {ruleId: string; locations: Array<{physicalLocation: {artifactLocation: unknown}}>}) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation]),
      [
        ['path-not-absolute', {uri: 'deploy/k8s/app.yaml', uriBaseId: '%SRCROOT%'}],
        ['invalid-host', {uri: 'deploy/k8s/other.yaml', uriBaseId: '%SRCROOT%'}],
      ],
    )
    for (const rule of run.tool.driver.rules) assert.equal(rule.helpUri, `https://github.com/ingressctl/ingressctl/blob/main/README.md#rule-${rule.id}`)
    // The anchors exist: the README's rule table has one per rule.
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    for (const rule of ALL_RULES) assert.ok(readme.includes(`<a id="rule-${rule.id}"></a>`), `README anchor for ${rule.id}`)
  } finally {
    t.remove()
  }
})
