import assert from 'node:assert/strict'
import {execFileSync} from 'node:child_process'
import {mkdir, mkdtemp, readFile, rm, unlink, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, test} from 'node:test'
import {InputError} from '../../src/errors.js'
import {runDiff} from '../../src/diff/run.js'
import {fixtureText, runCli} from './helpers.js'

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {cwd, encoding: 'utf8', env: {...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com'}})
}

describe('diff --base in a temporary git repository', () => {
  let repo: string
  before(async () => {
    repo = await mkdtemp(join(tmpdir(), 'ingressctl-diff-git-'))
    git(repo, 'init', '-q', '-b', 'main')
    await mkdir(join(repo, 'k8s', 'shop'), {recursive: true})
    await writeFile(join(repo, 'k8s', 'shop', 'ingress.yaml'), fixtureText('base.yaml'))
    await writeFile(join(repo, 'k8s', 'notes.md'), '# not a manifest\n')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'base')
    // The change under review: a new Ingress shadows part of /v1, in a new file.
    await writeFile(join(repo, 'k8s', 'shop', 'orders.yaml'), fixtureText('shadowing.yaml').split('---\n').at(-1)!)
  })
  after(async () => {
    await rm(repo, {recursive: true, force: true})
  })

  test('the old side is the directory at the revision, the new side the working tree', async () => {
    const {report, exitCode} = await runDiff({paths: ['k8s'], base: 'HEAD', cwd: repo})
    assert.equal(exitCode, 1)
    assert.equal(report.oldLabel, 'HEAD:k8s')
    assert.equal(report.newLabel, 'k8s')
    assert.deepEqual(report.summary, {added: 1, removed: 0, changed: 0, effective: 1})
    const added = report.routes[0]
    assert.ok(added.change === 'added')
    assert.ok(added.route.source?.endsWith('k8s/shop/orders.yaml:13:13'), added.route.source)
    assert.deepEqual(report.effective[0].before, {backend: 'api:80', route: 'shop/api Prefix /v1'})
  })

  test('through the CLI, from a subdirectory, with a branch name', async () => {
    const r = await runCli(['diff', '--base', 'main', 'shop'], {cwd: join(repo, 'k8s')})
    assert.equal(r.code, 1, r.stderr)
    assert.equal(
      r.stdout,
      [
        '--- main:shop',
        '+++ shop',
        '+ api.shop.example.com/v1/orders  Prefix → orders:8080  (shop/orders)',
        '',
        'Requests now served by another backend:',
        '! GET api.shop.example.com/v1/orders: api:80 → orders:8080 (now served by shop/orders Prefix /v1/orders)',
        '',
        '1 added, 0 removed, 0 changed, 1 effective change',
        '',
      ].join('\n'),
    )
  })

  test('committed: no change against HEAD; a file edited in place is read from the working tree', async () => {
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'orders')
    assert.equal((await runDiff({paths: ['k8s'], base: 'HEAD', cwd: repo})).exitCode, 0)
    const file = join(repo, 'k8s', 'shop', 'ingress.yaml')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('                name: web\n', '                name: web-v2\n'))
    const {report} = await runDiff({paths: ['k8s/shop/ingress.yaml'], base: 'HEAD', cwd: repo})
    assert.equal(report.oldLabel, 'HEAD:k8s/shop/ingress.yaml')
    assert.deepEqual(report.summary, {added: 0, removed: 0, changed: 1, effective: 0})
    await writeFile(file, text)
  })

  test('a file deleted in the working tree: its routes are removed', async () => {
    const file = join(repo, 'k8s', 'shop', 'orders.yaml')
    const text = await readFile(file, 'utf8')
    await unlink(file)
    try {
      const {report} = await runDiff({paths: ['k8s/shop/orders.yaml'], base: 'HEAD', cwd: repo})
      assert.deepEqual(report.summary, {added: 0, removed: 1, changed: 0, effective: 0})
    } finally {
      await writeFile(file, text)
    }
  })

  test('an unknown revision is an input error with a hint', async () => {
    await assert.rejects(runDiff({paths: ['k8s'], base: 'no-such-branch', cwd: repo}), (e: unknown) => {
      assert.ok(e instanceof InputError)
      assert.equal(e.code, 'E_GIT_REV')
      assert.equal(e.message, '--base no-such-branch: unknown revision')
      assert.match(e.hint ?? '', /git fetch/)
      return true
    })
    const r = await runCli(['diff', '--base', 'no-such-branch', 'k8s'], {cwd: repo})
    assert.equal(r.code, 2)
    assert.equal(r.stdout, '')
    assert.match(r.stderr, /^error: --base no-such-branch: unknown revision\n {2}hint: /)
  })

  test('a path in neither the working tree nor the revision is an error', async () => {
    await assert.rejects(runDiff({paths: ['nope'], base: 'HEAD', cwd: repo}), (e: unknown) => e instanceof InputError && e.code === 'E_NOT_FOUND' && e.location === 'nope' && /^no such file or directory, in the working tree or at HEAD$/.test(e.message))
  })

  test('outside a git repository', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingressctl-nogit-'))
    try {
      await assert.rejects(runDiff({paths: ['.'], base: 'HEAD', cwd: dir}), (e: unknown) => e instanceof InputError && e.code === 'E_GIT' && /not inside a git repository/.test(e.message))
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })
})
