import assert from 'node:assert/strict'
import {spawn, type ChildProcess} from 'node:child_process'
import {connect, createServer as createNetServer, type Server} from 'node:net'
import {request} from 'node:http'
import {join} from 'node:path'
import {test} from 'node:test'
import {ingressYaml, startBackend, tempDir} from './helpers.js'

const root = new URL('../../../', import.meta.url).pathname

interface Child {
  proc: ChildProcess
  stdout: () => string
  stderr: () => string
  exit: Promise<number | null>
}

function runCli(args: string[], env: Record<string, string>): Child {
  const proc = spawn(process.execPath, [join(root, 'bin/run.js'), ...args], {env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'pipe']})
  let out = ''
  let err = ''
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()))
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()))
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  // Never leave a child behind, whatever the test does.
  const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000)
  void exit.then(() => clearTimeout(timer))
  return {proc, stdout: () => out, stderr: () => err, exit}
}

async function waitFor(what: string, check: () => boolean, child: Child): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (check()) return
    if (child.proc.exitCode !== null) throw new Error(`ingressctl exited (${child.proc.exitCode}) before ${what}: ${child.stderr()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`timed out waiting for ${what}; stdout: ${child.stdout()} stderr: ${child.stderr()}`)
}

test('SIGTERM: stops accepting, lets the in-flight slow request finish, exits 0', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  let release: (() => void) | undefined
  const slow = await startBackend('slow', (req, res) => {
    req.resume()
    res.writeHead(200, {'content-type': 'text/plain'})
    res.write('first ')
    release = () => res.end('last')
  })
  t.after(() => slow.close())
  tmp.write('a.yaml', ingressYaml({name: 'slow', host: 'slow.test', service: 'slow', port: 80}))
  const child = runCli(
    ['serve', '-f', join(tmp.dir, 'a.yaml'), '--http-port', '0', '--https-port', '0', '--admin-port', '0', '--map', `slow=http://127.0.0.1:${slow.port}`, '--drain-timeout', '20s'],
    {INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg')},
  )
  t.after(() => {
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL')
  })
  await waitFor('the banner', () => /admin +http:\/\/127\.0\.0\.1:\d+/.test(child.stdout()), child)
  const port = Number(/ http +http:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout())![1])

  const reply = new Promise<{status: number; body: string}>((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path: '/', headers: {host: 'slow.test'}, agent: false}, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
  await waitFor('the request to reach the backend', () => release !== undefined, child)
  child.proc.kill('SIGTERM')
  await waitFor('the drain message', () => /SIGTERM: draining/.test(child.stderr()), child)
  // New connections are refused while draining.
  const refused = await new Promise<boolean>((resolve) => {
    const req = request({host: '127.0.0.1', port, path: '/', headers: {host: 'slow.test'}, agent: false}, (res) => {
      res.resume()
      resolve(false)
    })
    req.on('error', () => resolve(true))
    req.end()
  })
  assert.equal(refused, true)
  release!()
  const r = await reply
  assert.equal(r.status, 200)
  assert.equal(r.body, 'first last')
  assert.equal(await child.exit, 0)
})

test('a port in use: a message naming the port and the flag, exit 2', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  tmp.write('a.yaml', ingressYaml({name: 'web', host: 'web.test', service: 'web', port: 80}))
  const blocker: Server = createNetServer()
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
  t.after(() => new Promise<void>((r) => blocker.close(() => r())))
  const port = (blocker.address() as {port: number}).port
  const child = runCli(['serve', '-f', join(tmp.dir, 'a.yaml'), '--http-port', String(port), '--https-port', '0', '--admin-port', '0', '--echo'], {
    INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg'),
  })
  assert.equal(await child.exit, 2)
  assert.match(child.stderr(), new RegExp(`port ${port} is already in use`))
  assert.match(child.stderr(), /--http-port/)
  assert.ok(!/\n\s+at /.test(child.stderr()), `no stack trace: ${child.stderr()}`)

  const admin = runCli(['serve', '-f', join(tmp.dir, 'a.yaml'), '--http-port', '0', '--https-port', '0', '--admin-port', String(port), '--echo'], {
    INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg'),
  })
  assert.equal(await admin.exit, 2)
  assert.match(admin.stderr(), /--admin-port/)
})

test('nothing to serve at start (every file invalid): diagnostics with file:line, exit 2', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  tmp.write('bad.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: x\n')
  const child = runCli(['serve', '-f', join(tmp.dir, 'bad.yaml'), '--http-port', '0', '--https-port', '0', '--admin-port', '0'], {
    INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg'),
  })
  assert.equal(await child.exit, 2)
  assert.match(child.stderr(), /bad\.yaml:\d+:\d+: error:/)
  assert.match(child.stderr(), /nothing to serve/)
})

test('one invalid file among good ones: serves the good ones and reports the bad one', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  tmp.write('k8s/good.yaml', ingressYaml({name: 'web', host: 'web.test', service: 'web', port: 80}))
  tmp.write('k8s/bad.yaml', 'kind: Ingress\nmetadata: [\n')
  const child = runCli(['serve', '-f', join(tmp.dir, 'k8s'), '--http-port', '0', '--https-port', '0', '--admin-port', '0', '--echo'], {
    INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg'),
  })
  t.after(() => {
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL')
  })
  await waitFor('the banner', () => /admin +http/.test(child.stdout()), child)
  assert.match(child.stderr(), /bad\.yaml:\d+:\d+: error:/)
  assert.match(child.stdout(), /web\.test\/ \(Prefix\)/)
  child.proc.kill('SIGINT')
  assert.equal(await child.exit, 0)
})

test('a malformed --map value: a usage error naming it, exit 2', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  tmp.write('a.yaml', ingressYaml({name: 'web', host: 'web.test', service: 'web', port: 80}))
  const child = runCli(['serve', '-f', join(tmp.dir, 'a.yaml'), '--map', 'web=ftp://x', '--http-port', '0', '--https-port', '0', '--admin-port', '0'], {
    INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg'),
  })
  assert.equal(await child.exit, 2)
  assert.match(child.stderr(), /invalid --map value "web=ftp:\/\/x"/)
})

test('client timeout flags: a silent connection and an idle keep-alive connection are closed after them; a bad value is a usage error', async (t) => {
  const tmp = tempDir()
  t.after(() => tmp.cleanup())
  tmp.write('a.yaml', ingressYaml({name: 'web', host: 'web.test', service: 'web', port: 80}))
  const child = runCli(
    ['serve', '-f', join(tmp.dir, 'a.yaml'), '--http-port', '0', '--https-port', '0', '--admin-port', '0', '--echo', '--client-header-timeout', '300ms', '--keepalive-timeout', '300ms'],
    {INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg')},
  )
  t.after(() => {
    if (child.proc.exitCode === null) child.proc.kill('SIGKILL')
  })
  await waitFor('the banner', () => /admin +http:\/\/127\.0\.0\.1:\d+/.test(child.stdout()), child)
  const port = Number(/ http +http:\/\/127\.0\.0\.1:(\d+)/.exec(child.stdout())![1])
  const closedWithin = (send: string | undefined, boundMs: number) =>
    new Promise<{closed: boolean; data: string}>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => {
        if (send !== undefined) s.write(send)
      })
      let data = ''
      const timer = setTimeout(() => {
        s.destroy()
        resolve({closed: false, data})
      }, boundMs)
      s.on('data', (c: Buffer) => (data += c.toString()))
      s.on('error', reject)
      s.on('close', () => {
        clearTimeout(timer)
        resolve({closed: true, data})
      })
    })
  assert.deepEqual(await closedWithin(undefined, 10_000), {closed: true, data: ''})
  const idle = await closedWithin('GET / HTTP/1.1\r\nHost: web.test\r\n\r\n', 10_000)
  assert.equal(idle.closed, true)
  assert.match(idle.data, /^HTTP\/1\.1 200 /)
  child.proc.kill('SIGINT')
  assert.equal(await child.exit, 0)

  const bad = runCli(['serve', '-f', join(tmp.dir, 'a.yaml'), '--echo', '--http2-idle-timeout', 'soon'], {INGRESSCTL_CONFIG_DIR: join(tmp.dir, 'cfg')})
  assert.equal(await bad.exit, 2)
  assert.match(bad.stderr(), /invalid --http2-idle-timeout value "soon"/)
})
