import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {loadManifests} from '../../src/loader/index.js'
import {lint} from '../../src/lint/index.js'
import {ALL_RULES, LINT_RULES} from '../../src/lint/registry.js'

const root = new URL('../../../fixtures/lint/', import.meta.url).pathname
/** Certificates in the fixtures are valid 2025-01-01 .. 2125-01-01 (expired one: 2020-01-01 .. 2020-01-02). */
const NOW = Date.parse('2026-06-01T00:00:00Z')
/** Rules that need a command-line option to fire. */
const OPTIONS: Record<string, {ingressClass?: string}> = {'ingress-class-excluded': {ingressClass: 'nginx'}}

/** `# expect: RULE` markers: 1-based line → rule ids. */
function expectations(text: string): Array<{line: number; rule: string}> {
  const out: Array<{line: number; rule: string}> = []
  text.split('\n').forEach((l, i) => {
    const m = /#\s*expect:\s*([a-z-]+)/.exec(l)
    if (m) out.push({line: i + 1, rule: m[1]!})
  })
  return out
}

async function run(file: string, rule: string) {
  const loaded = await loadManifests([file])
  return lint({snapshot: loaded.snapshot, loadDiagnostics: loaded.diagnostics, now: NOW, ...OPTIONS[rule]})
}

const dirs = readdirSync(root, {withFileTypes: true})
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()

test('every lint rule and every compiler rule listed for lint has a fixture pair', () => {
  const wanted = [...LINT_RULES.map((r) => r.id), 'duplicate-route', 'multiple-default-backends', 'ingress-class-excluded', 'unsupported-resource-backend', 'tls-conflict']
  for (const id of wanted) assert.ok(dirs.includes(id), `fixtures/lint/${id}/ is missing`)
  for (const d of dirs) assert.ok(ALL_RULES.some((r) => r.id === d), `fixtures/lint/${d}/ is not a known rule`)
})

for (const rule of dirs) {
  test(`${rule}: bad.yaml reports it on the marked lines`, async () => {
    const file = join(root, rule, 'bad.yaml')
    const marks = expectations(readFileSync(file, 'utf8'))
    assert.ok(marks.length > 0, 'bad.yaml has no `# expect:` marker')
    const report = await run(file, rule)
    const got = report.diagnostics.filter((d) => d.rule === rule)
    assert.deepEqual(
      got.map((d) => d.location?.line).sort((a, b) => a! - b!),
      marks.filter((m) => m.rule === rule).map((m) => m.line),
      `${rule} diagnostics: ${JSON.stringify(report.diagnostics.map((d) => [d.rule, d.location?.line, d.message]), null, 1)}`,
    )
    for (const d of got) {
      assert.equal(d.location?.file, file)
      assert.ok(d.location!.col >= 1)
      assert.ok(d.hint && d.hint.length > 0, 'diagnostic has a hint')
      assert.ok(d.object, 'diagnostic names its object')
      assert.match(d.message, new RegExp(`${d.object!.name}`), 'message names the object')
    }
  })

  test(`${rule}: good.yaml is clean`, async () => {
    const report = await run(join(root, rule, 'good.yaml'), rule)
    assert.deepEqual(report.diagnostics.map((d) => `${d.rule}: ${d.message}`), [])
    assert.equal(report.exitCode, 0)
  })
}
