import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {test} from 'node:test'
import {ROOT, runCli} from '../run-cli.js'

/** configDir() in a fresh process with this environment (and platform, through the preload). */
function configDirIn(env: NodeJS.ProcessEnv, platform?: string): string {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['XDG_CONFIG_HOME', 'INGRESSCTL_CONFIG_DIR', 'APPDATA'].includes(k)))
  const preload = platform ? ['--import', join(ROOT, 'test', 'cli', 'fixtures', 'platform.mjs')] : []
  const script = `import(${JSON.stringify(join(ROOT, 'dist', 'src', 'tls', 'config-dir.js'))}).then((m) => process.stdout.write(m.configDir()))`
  return execFileSync(process.execPath, [...preload, '-e', script], {env: {...clean, ...env, TEST_PLATFORM: platform ?? ''}, encoding: 'utf8'})
}

test('the configuration directory follows the OS: XDG on Linux, Application Support on macOS, %APPDATA% on Windows', () => {
  assert.equal(configDirIn({HOME: '/home/ana', XDG_CONFIG_HOME: '/xdg'}), '/xdg/ingressctl')
  assert.equal(configDirIn({HOME: '/home/ana'}), '/home/ana/.config/ingressctl')
  assert.equal(configDirIn({HOME: '/Users/ana'}, 'darwin'), '/Users/ana/Library/Application Support/ingressctl')
  // path.join is the host's (POSIX here): the separators say nothing, the place does.
  assert.equal(configDirIn({HOME: '/Users/ana', APPDATA: 'C:/Users/ana/AppData/Roaming'}, 'win32'), 'C:/Users/ana/AppData/Roaming/ingressctl/Config')
  assert.equal(configDirIn({HOME: '/home/ana', INGRESSCTL_CONFIG_DIR: '/portable/cfg'}), '/portable/cfg')
})

test('cert ca --path: the development CA is created under $XDG_CONFIG_HOME/ingressctl/ca', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-xdg-'))
  t.after(() => rmSync(dir, {recursive: true, force: true}))
  const r = await runCli(['cert', 'ca', '--path'], {env: {XDG_CONFIG_HOME: dir, INGRESSCTL_CONFIG_DIR: ''}})
  assert.equal(r.code, 0, r.stderr)
  assert.ok(r.stdout.startsWith(join(dir, 'ingressctl', 'ca') + '/'), r.stdout)
})
