import assert from 'node:assert/strict'
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, before, describe, test} from 'node:test'
import {InputError} from '../../src/errors.js'
import {loadManifests} from '../../src/loader/index.js'
import {fixture} from './helpers.js'

const SERVICE = (name: string): string => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n    - port: 80\n`

async function rejectsWith(p: Promise<unknown>, code: string, message: RegExp): Promise<InputError> {
  try {
    await p
  } catch (e) {
    assert.ok(e instanceof InputError, `expected an InputError, got ${String(e)}`)
    assert.equal(e.code, code)
    assert.equal(e.exitCode, 2)
    assert.match(e.message, message)
    assert.ok(e.hint && e.hint.length > 10, 'has a hint saying what to do')
    return e
  }
  assert.fail(`expected ${code}`)
}

describe('bad input', () => {
  test('no inputs at all', async () => {
    await rejectsWith(loadManifests([]), 'E_NO_INPUT', /no manifests given/)
  })

  test('a path that does not exist', async () => {
    const e = await rejectsWith(loadManifests(['does/not/exist.yaml']), 'E_NOT_FOUND', /^no such file or directory$/)
    assert.equal(e.location, 'does/not/exist.yaml')
  })

  test('a directory without manifests', async () => {
    const e = await rejectsWith(loadManifests([fixture('loader', 'no-manifests')]), 'E_NO_MANIFESTS', /^directory has no \.yaml, \.yml or \.json files$/)
    assert.equal(e.location, fixture('loader', 'no-manifests'))
  })

  test('an empty file', async () => {
    const e = await rejectsWith(loadManifests([fixture('loader', 'empty.yaml')]), 'E_EMPTY', /^no YAML or JSON documents$/)
    assert.equal(e.location, fixture('loader', 'empty.yaml'))
  })

  test('a file with comments and document markers only (helm output of a disabled chart)', async () => {
    await rejectsWith(loadManifests([fixture('loader', 'comments-only.yaml')]), 'E_EMPTY', /no YAML or JSON documents/)
  })

  test('several inputs, all empty', async () => {
    await rejectsWith(loadManifests([fixture('loader', 'empty.yaml'), fixture('loader', 'comments-only.yaml')]), 'E_EMPTY', /in 2 inputs/)
  })

  test('documents of other kinds only: not an error, an empty snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingressctl-loader-'))
    try {
      await writeFile(join(dir, 'deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n')
      const r = await loadManifests([dir])
      assert.equal(r.snapshot.ingresses.length + r.snapshot.services.length, 0)
      assert.deepEqual(r.diagnostics, [])
    } finally {
      await rm(dir, {recursive: true, force: true})
    }
  })

  test('an unreadable file (a socket)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ingressctl-loader-'))
    const path = join(dir, 'socket.yaml')
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(path, resolve))
    try {
      const e = await rejectsWith(loadManifests([path]), 'E_UNREADABLE', /^cannot be read \(/)
      assert.equal(e.location, path)
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await rm(dir, {recursive: true, force: true})
    }
  })
})

describe('directories', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ingressctl-walk-'))
    await mkdir(join(dir, 'b', 'nested'), {recursive: true})
    await mkdir(join(dir, '.git'))
    await mkdir(join(dir, 'node_modules', 'pkg'), {recursive: true})
    await writeFile(join(dir, 'z.yaml'), SERVICE('z'))
    await writeFile(join(dir, 'a.yml'), SERVICE('a'))
    await writeFile(join(dir, 'c.json'), JSON.stringify({apiVersion: 'v1', kind: 'Service', metadata: {name: 'c'}}))
    await writeFile(join(dir, 'readme.md'), '# not a manifest')
    await writeFile(join(dir, 'b', 'nested', 'deep.YAML'), SERVICE('deep'))
    await writeFile(join(dir, '.git', 'config.yaml'), SERVICE('hidden-dir'))
    await writeFile(join(dir, '.ingressctl.yaml'), 'disable: [x]\n')
    await writeFile(join(dir, 'node_modules', 'pkg', 'x.yaml'), SERVICE('node-modules'))
    // A loop back to the top, and a dangling link: both harmless.
    await symlink(dir, join(dir, 'b', 'loop'))
    await symlink(join(dir, 'gone.yaml'), join(dir, 'dangling.yaml'))
  })
  after(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  test('walks recursively in sorted order, skipping hidden entries and node_modules, following links once', async () => {
    const r = await loadManifests([dir])
    assert.deepEqual(r.files, [join(dir, 'a.yml'), join(dir, 'b', 'nested', 'deep.YAML'), join(dir, 'c.json'), join(dir, 'z.yaml')])
    assert.deepEqual(
      r.snapshot.services.map((s) => s.name),
      ['a', 'deep', 'c', 'z'],
    )
    assert.equal(r.snapshot.services[0].source.file, join(dir, 'a.yml'))
  })

  test('a file named twice, or again through its directory, is read once', async () => {
    const r = await loadManifests([join(dir, 'z.yaml'), dir, join(dir, 'z.yaml')])
    assert.equal(r.files.length, 4)
    assert.equal(r.snapshot.services.filter((s) => s.name === 'z').length, 1)
    assert.deepEqual(r.diagnostics, [])
  })

  test('paths stay as the user wrote them: relative stays relative', async () => {
    const r = await loadManifests([fixture('demo')])
    assert.ok(r.files.length >= 5)
    for (const f of r.files) assert.ok(f.startsWith(fixture('demo') + '/'), f)
    const web = r.snapshot.ingresses.find((i) => i.name === 'web')
    assert.equal(web?.source.file, `${fixture('demo')}/ingresses.yaml`)
  })
})
