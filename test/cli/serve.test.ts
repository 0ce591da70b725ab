import assert from 'node:assert/strict'
import {execFileSync, spawnSync} from 'node:child_process'
import {request} from 'node:http'
import {connect} from 'node:net'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {ROOT, runCli} from '../run-cli.js'
import {ANY_PORTS, httpPort, spawnServe} from './serve-process.js'

function get(port: number, host: string, path: string): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, path, headers: {host}, agent: false}, (res) => {
      let body = ''
      res.on('data', (c: Buffer) => (body += c.toString()))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body}))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Sends `bytes` on a fresh connection and returns everything the server sends until it closes (or 10 s). */
function raw(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => s.end(bytes))
    let got = ''
    s.on('data', (c: Buffer) => (got += c.toString('latin1')))
    s.on('close', () => resolve(got))
    s.on('error', reject)
    s.setTimeout(10_000, () => s.destroy())
  })
}

function cfg(t: {after(fn: () => void): void}): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-cfg-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  return {INGRESSCTL_CONFIG_DIR: dir}
}

test('--log-format json: every stdout line is a JSON object, the banner and the access log', async (t) => {
  const s = spawnServe(['-f', 'fixtures/demo', ...ANY_PORTS, '--echo', '--log-format', 'json'], cfg(t))
  t.after(() => s.proc.kill('SIGKILL'))
  await s.waitFor('the banner', (out) => out.includes('\n'))
  const port = httpPort(s.stdout())
  assert.equal((await get(port, 'shop.example.com', '/cart')).status, 200)
  await s.waitFor('the access log line', (out) => out.trim().split('\n').length >= 2)
  assert.equal(await s.stop(), 0)
  const lines = s.stdout().trim().split('\n')
  const objects = lines.map((l) => JSON.parse(l) as Record<string, unknown>)
  assert.deepEqual(Object.keys(objects[0]!), ['time', 'level', 'msg', 'version', 'routes', 'source', 'upstreams', 'listeners'])
  assert.equal(objects[0]!.msg, 'serving')
  assert.equal(objects[0]!.routes, 4)
  assert.deepEqual(Object.keys(objects[0]!.listeners as object), ['http', 'https', 'admin'])
  assert.equal(objects[1]!.path, '/cart')
  assert.equal(objects[1]!.status, 200)
})

test('--map naming a Service or port that is not in the input: exit 2 with "did you mean"', async (t) => {
  const env = cfg(t)
  for (const [map, message] of [
    ['shop/wbe:80=http://127.0.0.1:9', /^error: --map shop\/wbe:80=http:\/\/127\.0\.0\.1:9: no Service shop\/wbe in the input; did you mean shop\/web\?\n {2}hint: the input routes to or defines: shop\/api, shop\/preview, shop\/status, shop\/web\n/],
    ['web:htp=http://127.0.0.1:9', /^error: --map web:htp=http:\/\/127\.0\.0\.1:9: Service web has no port htp in the input; did you mean http\?\n {2}hint: its ports: 80, http/],
    ['web:8080=http://127.0.0.1:9', /^error: --map web:8080=http:\/\/127\.0\.0\.1:9: Service web has no port 8080 in the input\n/],
  ] as const) {
    const r = await runCli(['serve', '-f', 'fixtures/demo', ...ANY_PORTS, '--map', map], {env})
    assert.equal(r.code, 2, map)
    assert.match(r.stderr, message, map)
  }
  // The names the input has are accepted (with and without namespace and port).
  const ok = spawnServe(['-f', 'fixtures/demo', ...ANY_PORTS, '--map', 'shop/web:http=http://127.0.0.1:9', '--map', 'api=http://127.0.0.1:9', '--map', 'status:8080=http://127.0.0.1:9'], env)
  t.after(() => ok.proc.kill('SIGKILL'))
  await ok.waitFor('the banner', (out) => /admin +http:/.test(out))
  assert.equal(await ok.stop(), 0)
})

test('Upgrade: h2c (curl --http2 on http://) is answered over HTTP/1.1, body and keep-alive included', async (t) => {
  const s = spawnServe(['-f', 'fixtures/demo', ...ANY_PORTS, '--echo', '--no-access-log'], cfg(t))
  t.after(() => s.proc.kill('SIGKILL'))
  await s.waitFor('the banner', (out) => /admin +http:/.test(out))
  const port = httpPort(s.stdout())
  const upgradeHeaders = 'Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n'
  const plain = await raw(port, `GET /cart?x=1 HTTP/1.1\r\nHost: shop.example.com\r\n${upgradeHeaders}Connection: close\r\n\r\n`)
  assert.match(plain, /^HTTP\/1\.1 200 /)
  const echoed = JSON.parse(plain.slice(plain.indexOf('\r\n\r\n') + 4)) as {request: {url: string; headers: Record<string, string>}}
  assert.equal(echoed.request.url, '/cart?x=1')
  assert.equal(echoed.request.headers.upgrade, undefined)
  assert.equal(echoed.request.headers['http2-settings'], undefined)
  const post = await raw(port, `POST /cart HTTP/1.1\r\nHost: shop.example.com\r\n${upgradeHeaders}Content-Length: 11\r\nConnection: close\r\n\r\nhello=world`)
  assert.match(post, /^HTTP\/1\.1 200 /)
  assert.match(post, /"bodyBytes": 11/)
  // Keep-alive: a second request on the same connection after the h2c one.
  const two = await raw(port, `GET /a HTTP/1.1\r\nHost: shop.example.com\r\n${upgradeHeaders}\r\nGET /b HTTP/1.1\r\nHost: shop.example.com\r\nConnection: close\r\n\r\n`)
  assert.equal(two.match(/^HTTP\/1\.1 200 /gm)?.length, 2, two)

  const curl = spawnSync('curl', ['--version'], {encoding: 'utf8'})
  if (curl.status === 0 && /HTTP2/.test(curl.stdout)) {
    const out = execFileSync('curl', ['-s', '--http2', '-H', 'Host: shop.example.com', '-o', '/dev/null', '-w', '%{http_code} %{http_version}', `http://127.0.0.1:${port}/cart`], {encoding: 'utf8'})
    assert.equal(out, '200 1.1')
  }
  assert.equal(await s.stop(), 0)
})

test('on a terminal: one compact access-log line per request by default; --no-access-log silences it', async (t) => {
  const probe = spawnSync('tmux', ['-V'], {encoding: 'utf8'})
  assert.equal(probe.status, 0, 'tmux is required (apt-get install -y tmux; .ci/run installs it)')
  const env = cfg(t)
  const socketDir = mkdtempSync(join(tmpdir(), 'ingressctl-tmux-'))
  const socket = join(socketDir, 'tmux.sock')
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', timeout: 5000})
  t.after(() => {
    try {
      tmux('kill-server')
    } catch {
      // already gone
    }
    rmSync(socketDir, {recursive: true, force: true})
  })
  const screenOf = async (session: string, check: (screen: string) => boolean): Promise<string> => {
    let screen = ''
    for (let i = 0; i < 150; i++) {
      screen = tmux('capture-pane', '-p', '-J', '-t', session)
      if (check(screen)) return screen
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`timed out; screen:\n${screen}`)
  }
  const start = async (session: string, extra: string): Promise<number> => {
    const command = `INGRESSCTL_CONFIG_DIR=${env.INGRESSCTL_CONFIG_DIR} NO_COLOR=1 ${process.execPath} bin/run.js serve -f fixtures/demo --http-port 0 --https-port 0 --admin-port 0 --echo ${extra}`
    tmux('new-session', '-d', '-s', session, '-x', '200', '-y', '50', '-c', ROOT, command)
    const screen = await screenOf(session, (sc) => /admin +http:/.test(sc))
    return httpPort(screen)
  }
  const port = await start('on', '')
  assert.equal((await get(port, 'shop.example.com', '/cart')).status, 200)
  const screen = await screenOf('on', (sc) => /GET shop\.example\.com\/cart/.test(sc))
  assert.match(screen, /^\d\d:\d\d:\d\d GET shop\.example\.com\/cart 200 \d+\.\dms → echo$/m)

  const quietPort = await start('off', '--no-access-log')
  assert.equal((await get(quietPort, 'shop.example.com', '/cart')).status, 200)
  assert.equal((await get(quietPort, 'shop.example.com', '/healthz')).status, 200)
  // The compact line is written when the response ends; give the terminal the time it took above to show it.
  await new Promise((r) => setTimeout(r, 500))
  const quiet = tmux('capture-pane', '-p', '-J', '-t', 'off')
  assert.doesNotMatch(quiet, /GET shop\.example\.com/)
})
