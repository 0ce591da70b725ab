import assert from 'node:assert/strict'
import {Agent, request} from 'node:http'
import {renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {after, before, test} from 'node:test'
import {REQUEST_TIMEOUT_MS, eventually, get, ingressYaml, serve, startBackend, tempDir, type Backend, type Served} from './helpers.js'

let tmp: ReturnType<typeof tempDir>
let backend: Backend
let served: Served
let dir: string

before(async () => {
  tmp = tempDir()
  backend = await startBackend('web')
  dir = join(tmp.dir, 'k8s')
  tmp.write('k8s/web.yaml', ingressYaml({name: 'web', host: 'web.test', service: 'web', port: 80}))
  tmp.write('k8s/extra.yaml', ingressYaml({name: 'extra', host: 'extra.test', service: 'web', port: 80}))
  served = await serve([dir], {caDir: `${tmp.dir}/ca`, maps: [`web=http://127.0.0.1:${backend.port}`]})
})

after(async () => {
  await served?.stop()
  await backend?.close()
  tmp?.cleanup()
})

const status = async (host: string, path = '/'): Promise<number> => (await get(served.running.httpPort, path, {host})).status

test('an edited file is reloaded and its new route served', async () => {
  assert.equal(await status('new.test'), 404)
  writeFileSync(join(dir, 'extra.yaml'), ingressYaml({name: 'extra', host: 'new.test', service: 'web', port: 80}))
  await eventually(async () => (await status('new.test')) === 200, 'the edited route')
  assert.equal(await status('extra.test'), 404)
  assert.match(served.stderr.text, /reloaded: 2 routes/)
})

test('a new file in a watched directory (and a new subdirectory) is picked up', async () => {
  tmp.write('k8s/added.yaml', ingressYaml({name: 'added', host: 'added.test', service: 'web', port: 80}))
  await eventually(async () => (await status('added.test')) === 200, 'the added file')
  tmp.write('k8s/sub/deeper.yaml', ingressYaml({name: 'deeper', host: 'deeper.test', service: 'web', port: 80}))
  await eventually(async () => (await status('deeper.test')) === 200, 'the file in a new subdirectory')
})

test("an editor's atomic save (write a temporary file, rename it over the original) is picked up", async () => {
  const tmpFile = join(dir, '.added.yaml.swp')
  writeFileSync(tmpFile, ingressYaml({name: 'added', host: 'renamed.test', service: 'web', port: 80}))
  renameSync(tmpFile, join(dir, 'added.yaml'))
  await eventually(async () => (await status('renamed.test')) === 200, 'the renamed-over file')
  assert.equal(await status('added.test'), 404)
})

test('a broken edit keeps serving the last good table and logs file:line; fixing it reloads', async () => {
  const before = served.running.live.state.generation
  const file = join(dir, 'web.yaml')
  writeFileSync(file, 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web\nspec: [\n')
  await eventually(() => served.running.live.state.lastError !== undefined, 'the rejected reload')
  assert.equal(served.running.live.state.generation, before)
  assert.equal(await status('web.test'), 200)
  assert.match(served.stderr.text, /reload rejected: .*web\.yaml could not be loaded; still serving the last good table/)
  assert.match(served.stderr.text, /web\.yaml:\d+:\d+: error: /)
  const routes = JSON.parse((await get(served.running.adminPort, '/routes')).body)
  assert.match(routes.lastError.message, /reload rejected/)
  const metrics = (await get(served.running.adminPort, '/metrics')).body
  assert.match(metrics, /ingressctl_reloads_total\{result="failure"\} [1-9]/)
  // A reload of another file while web.yaml is still broken is rejected too (it would drop web.test).
  writeFileSync(join(dir, 'extra.yaml'), ingressYaml({name: 'extra', host: 'new2.test', service: 'web', port: 80}))
  await new Promise((r) => setTimeout(r, 200))
  assert.equal(await status('web.test'), 200)
  writeFileSync(file, ingressYaml({name: 'web', host: 'fixed.test', service: 'web', port: 80}))
  await eventually(async () => (await status('fixed.test')) === 200, 'the fixed file')
  assert.equal(await status('new2.test'), 200)
  assert.equal(served.running.live.state.lastError, undefined)
})

test('200 reloads under a running load generator: no request fails', async () => {
  const agent = new Agent({keepAlive: true, maxSockets: 8})
  let ok = 0
  const failures: string[] = []
  let stop = false
  const deadline = Date.now() + 90_000
  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const req = request({host: '127.0.0.1', port: served.running.httpPort, path: '/load', headers: {host: 'stable.test'}, agent}, (res) => {
        res.resume()
        res.on('end', () => {
          if (res.statusCode === 200) ok++
          else failures.push(`status ${res.statusCode}`)
          resolve()
        })
      })
      req.on('error', (e) => {
        failures.push(e.message)
        resolve()
      })
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('no answer in time')))
      req.end()
    })
  writeFileSync(join(dir, 'stable.yaml'), ingressYaml({name: 'stable', host: 'stable.test', service: 'web', port: 80}))
  await eventually(async () => (await status('stable.test', '/load')) === 200, 'the stable route')
  const workers = Array.from({length: 8}, async () => {
    while (!stop && Date.now() < deadline) await one()
  })
  const start = served.running.live.state.generation
  let reloads = 0
  for (let i = 0; i < 200 && Date.now() < deadline; i++) {
    const want = served.running.live.state.generation + 1
    writeFileSync(join(dir, 'churn.yaml'), ingressYaml({name: 'churn', host: `churn-${i}.test`, service: 'web', port: 80}))
    await eventually(() => served.running.live.state.generation >= want, `reload ${i}`, 400, 10)
    reloads++
  }
  stop = true
  await Promise.all(workers)
  agent.destroy()
  assert.equal(reloads, 200)
  assert.ok(served.running.live.state.generation - start >= 200)
  assert.deepEqual(failures, [])
  assert.ok(ok > 0)
  assert.equal(await status('churn-199.test'), 200)
})
