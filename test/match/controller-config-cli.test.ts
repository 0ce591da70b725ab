import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {runCli} from '../run-cli.js'

const DIR = ['-f', 'fixtures/ingress-nginx']
const MATCH = ['match', ...DIR]

describe('the ingress-nginx controller ConfigMap on the command line (binary)', () => {
  test('match says which ConfigMap was used (found by name), in text and JSON; its risk level drives the warnings', async () => {
    const text = await runCli([...MATCH, 'http://shop.example.com/'])
    assert.equal(text.code, 0, text.stderr)
    assert.match(text.stdout, /^ingress-nginx settings: ConfigMap ingress-nginx\/ingress-nginx-controller \(fixtures\/ingress-nginx\/controller\.yaml:2\)$/m)
    assert.match(text.stdout, /server-alias has risk High, above annotations-risk-level Medium \(ConfigMap ingress-nginx\/ingress-nginx-controller\).*\[annotation-risk-too-high\] {2}\(fixtures\/ingress-nginx\/shop\.yaml:7:5\)/)
    const json = JSON.parse((await runCli([...MATCH, 'http://shop.example.com/', '-o', 'json'])).stdout)
    assert.deepEqual(json.controllerConfig, {configMap: 'ingress-nginx/ingress-nginx-controller', source: 'fixtures/ingress-nginx/controller.yaml:2:1'})
  })

  test('--controller-config NAMESPACE/NAME picks another one; with its risk level Critical the High annotation passes', async () => {
    const r = await runCli([...MATCH, 'http://shop.example.com/', '-o', 'json', '--explain', '--controller-config', 'ops/nginx-settings'])
    assert.equal(r.code, 0, r.stderr)
    const json = JSON.parse(r.stdout)
    assert.deepEqual(json.controllerConfig, {configMap: 'ops/nginx-settings', source: 'fixtures/ingress-nginx/controller.yaml:15:1'})
    const rules = json.warnings.map((w: {rule: string}) => w.rule)
    assert.ok(!rules.includes('annotation-risk-too-high'), rules.join(' '))
    // Snippets allowed there: still reported, as a warning (ingressctl ignores them).
    assert.ok(rules.includes('snippet-annotation'))
  })

  test('--controller-config that is not NAMESPACE/NAME is a usage error (exit 2)', async () => {
    const r = await runCli([...MATCH, '/', '--controller-config', 'ingress-nginx-controller'])
    assert.equal(r.code, 2)
    assert.match(r.stderr, /--controller-config ingress-nginx-controller: not NAMESPACE\/NAME/)
  })

  test('routes prints the ConfigMap used on stderr (table) and as controllerConfig (JSON); without one, nothing changes', async () => {
    const table = await runCli(['routes', ...DIR])
    assert.equal(table.code, 0, table.stderr)
    assert.match(table.stderr, /^ingress-nginx settings: ConfigMap ingress-nginx\/ingress-nginx-controller \(fixtures\/ingress-nginx\/controller\.yaml:2\)$/m)
    const json = JSON.parse((await runCli(['routes', ...DIR, '-o', 'json'])).stdout)
    assert.equal(json.controllerConfig.configMap, 'ingress-nginx/ingress-nginx-controller')
    // The demo follows ingress-nginx without a ConfigMap: the controller's defaults, said so.
    const demo = JSON.parse((await runCli(['routes', '-f', 'fixtures/demo', '-o', 'json'])).stdout)
    assert.deepEqual(demo.controllerConfig, {configMap: null, summary: 'controller defaults (no ingress-nginx ConfigMap found)'})
    // Nothing follows ingress-nginx and no ConfigMap: nothing is added.
    const spec = JSON.parse((await runCli(['routes', '-f', 'fixtures/demo', '-o', 'json', '--controller', 'spec'])).stdout)
    assert.equal(spec.controllerConfig, undefined)
  })

  test('lint reports the snippet, the risk and the unknown key at the annotation, as errors and warnings (exit 1)', async () => {
    const r = await runCli(['lint', 'fixtures/ingress-nginx', '-o', 'json'])
    assert.equal(r.code, 1, r.stderr)
    const report = JSON.parse(r.stdout)
    assert.deepEqual(
      report.diagnostics.map((d: {rule: string; severity: string; location: {line: number; col: number}}) => `${d.rule} ${d.severity} ${d.location.line}:${d.location.col}`),
      // server-alias is emulated, so only its risk is reported.
      ['annotation-risk-too-high error 7:5', 'snippet-annotation error 8:5', 'unknown-annotation warning 10:5'],
    )
    const unknown = report.diagnostics.find((d: {rule: string}) => d.rule === 'unknown-annotation')
    assert.match(unknown.message, /proxy-bufer-size is not an ingress-nginx annotation \(did you mean nginx\.ingress\.kubernetes\.io\/proxy-buffer-size\?\)/)
  })
})
