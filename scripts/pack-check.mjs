#!/usr/bin/env node
// Installs ingressctl as a user would: `npm pack`, then `npm install -g` of the
// tarball into a temporary prefix (never the machine's global one), and runs
// the installed binary. Checks that the package holds only what runs (no
// tests, benches or TypeScript sources), that it declares no install script,
// and prints the tarball and install sizes the README quotes.
// Usage: node scripts/pack-check.mjs   (CI runs it after the suite)
import assert from 'node:assert/strict'
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const work = mkdtempSync(join(tmpdir(), 'ingressctl-pack-'))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...opts})

function du(dir) {
  let bytes = 0
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    const p = join(dir, e.name)
    if (e.isDirectory()) bytes += du(p)
    else if (e.isFile()) bytes += statSync(p).size
  }
  return bytes
}
const mb = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`

try {
  // `npm pack` runs prepack (the build), as `npm publish` would.
  // Its output comes first on stdout; the JSON report starts at the first line that is `[`.
  const out = run(npm, ['pack', '--json', '--pack-destination', work], {cwd: root})
  const [packed] = JSON.parse(out.slice(out.search(/^\[/m)))
  const files = packed.files.map((f) => f.path)
  const stray = files.filter((f) => /^(test|bench|src|commands|scripts|fixtures)\/|^dist\/(test|bench)\/|\.map$|\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
  assert.deepEqual(stray, [], 'the package holds only what runs')
  for (const need of ['bin/run.js', 'oclif.manifest.json', 'dist/commands/serve.js', 'dist/src/serve/serve.js']) assert.ok(files.includes(need), `${need} is packed`)
  const pkg = JSON.parse(run('tar', ['-xzOf', join(work, packed.filename), 'package/package.json']))
  const installScripts = ['preinstall', 'install', 'postinstall', 'prepare'].filter((s) => pkg.scripts?.[s])
  assert.deepEqual(installScripts, [], 'no install script runs for a registry install')
  assert.ok(!pkg.dependencies['http-proxy'], 'http-proxy (the benchmark baseline) is not a runtime dependency')

  const restored = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  assert.equal(restored.scripts.prepare, 'npm run build', 'postpack restored prepare for git checkouts')

  const prefix = join(work, 'prefix')
  const inst = spawnSync(npm, ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(work, packed.filename)], {encoding: 'utf8'})
  assert.equal(inst.status, 0, inst.stderr)
  const install = `${inst.stdout}${inst.stderr}`
  assert.doesNotMatch(install, /ingressctl@[^ ]+ \((pre|post)?(install|prepare)/, 'npm names no install script of ingressctl')
  const bin = join(prefix, process.platform === 'win32' ? 'ingressctl.cmd' : join('bin', 'ingressctl'))
  const version = run(bin, ['--version']).trim()
  assert.match(version, new RegExp(`^ingressctl/${pkg.version.replaceAll('.', '\\.')} `), version)
  const help = run(bin, ['help', 'serve'])
  assert.match(help, /Run the gateway locally/)
  const lint = run(bin, ['lint', join(root, 'fixtures', 'demo'), '-o', 'json'], {cwd: work})
  assert.equal(JSON.parse(lint).summary.exitCode, 0)
  const match = run(bin, ['match', '-f', join(root, 'fixtures', 'demo'), 'http://shop.example.com/cart', '-o', 'json'], {cwd: work})
  assert.equal(JSON.parse(match).backend.service.name, 'web')

  const installed = join(prefix, 'lib', 'node_modules', 'ingressctl')
  console.log(`pack-check: ${packed.filename}: ${files.length} files, tarball ${mb(packed.size)}, unpacked ${mb(packed.unpackedSize)}`)
  console.log(`pack-check: npm install -g: ${mb(du(installed))} installed with its dependencies; \`ingressctl --version\`: ${version}`)
  console.log('pack-check: ok')
} finally {
  rmSync(work, {recursive: true, force: true})
}
