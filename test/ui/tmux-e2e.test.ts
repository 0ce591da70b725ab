import assert from 'node:assert/strict'
import {execFileSync, spawnSync} from 'node:child_process'
import {appendFileSync, cpSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {fileURLToPath} from 'node:url'

/**
 * End to end: the real binary in a real terminal (tmux), driven by keys, read
 * back from the screen. Each test uses its own tmux server socket and session
 * and kills only that session.
 */
const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const STEP_TIMEOUT_MS = 15_000

function requireTmux(): void {
  const r = spawnSync('tmux', ['-V'], {encoding: 'utf8'})
  if (r.error || r.status !== 0) {
    assert.fail('tmux is required for the terminal UI end-to-end test but was not found: install it (apt-get install -y tmux; .ci/run installs it in CI)')
  }
}

class Terminal {
  /** A tmux server of our own (socket in a fresh directory), so no other tmux session is touched. */
  readonly socketDir = mkdtempSync(join(tmpdir(), 'ingressctl-tmux-'))
  readonly socket = join(this.socketDir, 'tmux.sock')
  readonly session = `ingressctl-routes-${process.pid}-${Math.random().toString(36).slice(2, 8)}`

  constructor(command: string) {
    // The command runs in the tmux server's environment: CI=0 keeps Ink rendering interactively even under CI.
    this.tmux('new-session', '-d', '-s', this.session, '-x', '120', '-y', '40', '-c', ROOT, command)
  }

  tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], {encoding: 'utf8', timeout: 5000})
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', this.session)
  }

  keys(...keys: string[]): void {
    for (const k of keys) this.tmux('send-keys', '-t', this.session, k)
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', this.session, '-l', text)
  }

  alternateScreen(): boolean {
    return this.tmux('display-message', '-p', '-t', this.session, '#{alternate_on}').trim() === '1'
  }

  async waitFor(what: string, check: (screen: string) => boolean): Promise<string> {
    const deadline = Date.now() + STEP_TIMEOUT_MS
    let screen = ''
    while (Date.now() < deadline) {
      screen = this.screen()
      if (check(screen)) return screen
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screen}`)
  }

  kill(): void {
    try {
      this.tmux('kill-session', '-t', this.session)
    } catch {
      // already gone
    }
    rmSync(this.socketDir, {recursive: true, force: true})
  }
}

function demoCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-e2e-'))
  cpSync(join(ROOT, 'fixtures/demo'), dir, {recursive: true})
  // With the demo's EndpointSlices, so the READY column and the detail pane have endpoints to count.
  cpSync(join(ROOT, 'fixtures/demo-endpoints'), dir, {recursive: true})
  return dir
}

/** Runs `routes -f DIR`, then reports how it exited and the terminal mode, and waits (so the pane stays readable). */
function routesCommand(dir: string): string {
  return [
    `CI=0 node bin/run.js routes -f '${dir}'`,
    `echo "exit status $?"`,
    `echo "tty mode: $(stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' ')"`,
    'sleep 600',
  ].join('; ')
}

const BLOG = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: blog
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: blog.example.com
      http:
        paths:
          - path: /posts
            pathType: Prefix
            backend:
              service:
                name: blog
                port:
                  number: 80
`

test('routes UI in tmux: header, rows, filter, detail, URL test, live file edit, q restores the terminal', async (t) => {
  requireTmux()
  const dir = demoCopy()
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const term = new Terminal(routesCommand(dir))
  t.after(() => term.kill())

  let screen = await term.waitFor('the header and the rows', (s) => s.includes('ingressctl routes · files: ') && s.includes('shop.example.com') && s.includes('/healthz'))
  assert.match(screen, /● live/)
  assert.match(screen, /4 routes · 3 hosts · 0 errors · 0 warnings · changed \d\d:\d\d:\d\d/)
  assert.match(screen, /HOST +PATH +TYPE +BACKEND +READY +TLS +INGRESS/)
  assert.match(screen, /api\.shop\.example\.com +\/v1 +Prefix +api:http +1\/1 +- +shop\/api/)
  assert.match(screen, /shop\.example\.com +\/ +Prefix +web:80 +2\/2 +shop-tls +shop\/web/)
  assert.match(screen, /q quit/, 'footer with key hints')
  assert.ok(term.alternateScreen(), 'the UI runs on the alternate screen')

  term.keys('/')
  term.type('api')
  screen = await term.waitFor('the filtered list', (s) => /^\/api +1 match$/m.test(s))
  assert.ok(!screen.includes('web:80'))
  term.keys('Escape')
  await term.waitFor('the unfiltered list', (s) => s.includes('web:80') && !s.includes('match'))

  term.keys('G')
  await term.waitFor('the last row selected', (s) => /^> +\/healthz/m.test(s))
  term.keys('Enter')
  screen = await term.waitFor('the detail pane', (s) => s.includes('source '))
  assert.match(screen, /source +.*ingresses\.yaml:\d+:\d+ +\(spec\.rules\[0\]\.http\.paths\[1\]\.path\)/)
  assert.match(screen, /Service shop\/status port 8080/)
  assert.match(screen, /endpoints +1\/1 ready/)
  term.keys('Escape')
  await term.waitFor('the detail pane closed', (s) => !s.includes('source '))

  term.keys('t')
  await term.waitFor('the URL prompt', (s) => /^URL\b/m.test(s))
  term.type('http://shop.example.com/healthz?probe=1')
  term.keys('Enter')
  screen = await term.waitFor('the URL test result', (s) => s.includes('✓ served by'))
  assert.match(screen, /✓ served by shop\.example\.com \/healthz Exact \(Ingress shop\/web\) → status:8080/)
  term.keys('Escape')
  await term.waitFor('the list again', (s) => s.includes('HOST'))

  appendFileSync(join(dir, 'ingresses.yaml'), BLOG)
  screen = await term.waitFor('the new route from the edited file', (s) => s.includes('blog.example.com'))
  assert.match(screen, /5 routes · 4 hosts/)
  assert.match(screen, /^ {2}\+blog\.example\.com +\/posts +Prefix +blog:80/m, 'the new row is marked as changed')

  term.keys('q')
  screen = await term.waitFor('the process to exit', (s) => s.includes('exit status') && s.includes('tty mode:'))
  assert.match(screen, /exit status 0/)
  assert.match(screen, /tty mode: icanon echo/, 'the terminal is back in cooked mode')
  assert.ok(!screen.includes('ingressctl routes ·'), 'the main screen is back')
  assert.ok(!term.alternateScreen())
})

test('routes UI in tmux: Ctrl-C quits and restores the terminal', async (t) => {
  requireTmux()
  const dir = demoCopy()
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const term = new Terminal(routesCommand(dir))
  t.after(() => term.kill())
  await term.waitFor('the UI', (s) => s.includes('ingressctl routes · files: ') && s.includes('/healthz'))
  term.keys('C-c')
  const screen = await term.waitFor('the process to exit', (s) => s.includes('exit status') && s.includes('tty mode:'))
  assert.match(screen, /exit status 0/)
  assert.match(screen, /tty mode: icanon echo/)
  assert.ok(!term.alternateScreen())
})
