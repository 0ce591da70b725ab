import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {fileURLToPath} from 'node:url'
import {ALL_RULES} from '../../src/lint/registry.js'
import {updateLintRules} from '../../src/docs/lint-rules.js'
import {type Manifest, renderCommandReference, REFERENCE_END, REFERENCE_START, updateReadme} from '../../src/docs/command-reference.js'

const root = join(fileURLToPath(import.meta.url), '../../../..')
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8')) as Manifest
const readme = readFileSync(join(root, 'README.md'), 'utf8')

test('README documents every command and flag of the current oclif manifest (run `npm run readme` if this fails)', () => {
  assert.equal(updateReadme(readme, manifest), readme)
})

test('the rendered reference names every visible command and every flag', () => {
  const text = renderCommandReference(manifest)
  assert.ok(text.startsWith(REFERENCE_START) && text.endsWith(REFERENCE_END))
  for (const [id, c] of Object.entries(manifest.commands)) {
    assert.match(text, new RegExp(`### \`ingressctl ${id.replaceAll(':', ' ')}\``))
    for (const f of Object.keys(c.flags)) assert.ok(text.includes(`--${f}`), `${id}: --${f} missing`)
  }
})

test('README set-up: npm ci, npm test, and an offline run on fixtures/', () => {
  assert.match(readme, /^npm ci$/m)
  assert.match(readme, /^npm test$/m)
  assert.match(readme, /ingressctl serve -f fixtures\/demo|bin\/run\.js serve -f fixtures\/demo/)
})

test('README lists every lint rule with its severity (run `npm run readme` if this fails)', () => {
  assert.equal(updateLintRules(readme), readme)
  for (const r of ALL_RULES) assert.match(readme, new RegExp(`^\\| <a id="rule-${r.id}"></a>\`${r.id}\` \\| ${r.severity} \\|`, 'm'), r.id)
})
