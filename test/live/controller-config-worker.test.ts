import assert from 'node:assert/strict'
import {join} from 'node:path'
import {test} from 'node:test'
import {compile, tableFromParts} from '../../src/compiler/index.js'
import {loadManifests} from '../../src/loader/index.js'
import {FileSource} from '../../src/sources/file-source.js'
import {ROOT} from '../run-cli.js'

// serve compiles large inputs in a worker thread: the controller ConfigMap option must reach it.
test('compiled in a worker with --controller-config: the named ConfigMap applies, as when compiling in this thread', async () => {
  const inputs = [join(ROOT, 'fixtures', 'ingress-nginx')]
  const options = {controllerConfig: 'ops/nginx-settings'}
  const src = new FileSource(inputs, {compile: options, workerMinBytes: 0})
  const update = await src.start(() => {})
  await src.stop()
  assert.ok(update.compiled?.ok, 'a compiled update')
  const there = tableFromParts(update.compiled.parts)
  const here = compile((await loadManifests(inputs)).snapshot, options)
  assert.equal(there.nginx?.source?.name, 'nginx-settings')
  assert.equal(there.nginx?.annotationsRiskLevel, 'Critical')
  assert.deepEqual(JSON.parse(JSON.stringify(there.diagnostics)), JSON.parse(JSON.stringify(here.diagnostics)))
})
