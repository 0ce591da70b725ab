/**
 * The README's CI recipes, run as written: each `<!-- recipe: NAME -->` block
 * is read from README.md, and its commands run with `ingressctl` on PATH (a
 * shim for the built bin/run.js), on a repository with one error and on a
 * clean one. Install steps (`npm install --global ingressctl`) are not run.
 */
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import {after, test} from 'node:test'
import {Ajv} from 'ajv'
import addFormatsModule from 'ajv-formats'
import {parse} from 'yaml'
import {ROOT} from '../run-cli.js'
import {ingress, service, tree} from './tree.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

function recipe(name: string): string {
  const m = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\\n\`\`\``).exec(readme)
  assert.ok(m, `README has the ${name} recipe`)
  return m[1]!
}

const shims = tree({})
after(() => shims.remove())
const shim = join(shims.dir, 'ingressctl')
writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'bin', 'run.js')}" "$@"\n`)
chmodSync(shim, 0o755)
const ENV = {...process.env, PATH: `${shims.dir}${delimiter}${process.env.PATH ?? ''}`, NO_COLOR: '1', GITHUB_WORKSPACE: ''}
const GIT_ENV = {GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: shims.dir}

function sh(script: string, cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('sh', ['-c', script], {cwd, env: {...ENV, ...env}, encoding: 'utf8', timeout: 60_000})
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}

function git(cwd: string, ...args: string[]) {
  const r = spawnSync('git', args, {cwd, env: {...ENV, ...GIT_ENV}, encoding: 'utf8', timeout: 60_000})
  return {code: r.status, out: r.stdout + r.stderr}
}

/** Two environments; `broken` makes prod's host invalid (an error at k8s/prod/ingress.yaml:8). */
function repo(broken: boolean) {
  return tree({
    'k8s/prod/ingress.yaml': `${ingress({host: broken ? 'Shop.example.com' : 'shop.example.com'})}---\n${service()}`,
    'k8s/staging/ingress.yaml': `${ingress({host: 'staging.example.com'})}---\n${service()}`,
  })
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv
function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(ROOT, 'test', 'lint', 'schema', 'sarif-schema-2.1.0.json'), 'utf8')) as Record<string, unknown>
  const {$schema: _draft, id, ...rest} = schema
  const ajv = new Ajv({strict: false, allErrors: true})
  addFormats(ajv)
  return ajv.compile({$id: id, ...rest} as Record<string, unknown>)
}

interface Step {
  run?: string
  if?: string
  uses?: string
  with?: Record<string, string>
}

test('README recipe: GitHub Actions annotations and SARIF upload', () => {
  const workflow = parse(recipe('github-actions')) as {jobs: Record<string, {steps: Step[]}>}
  const steps = Object.values(workflow.jobs)[0]!.steps
  const validate = sarifValidator()
  for (const broken of [true, false]) {
    const t = repo(broken)
    try {
      let failed = false
      const ran: Array<{run: string; code: number | null; stdout: string}> = []
      for (const step of steps) {
        const always = step.if === '${{ !cancelled() }}'
        if (failed && !always) continue
        if (step.uses?.startsWith('github/codeql-action/upload-sarif')) {
          const file = join(t.dir, step.with!.sarif_file!)
          assert.ok(existsSync(file), 'the SARIF file to upload exists')
          const text = readFileSync(file, 'utf8')
          assert.ok(validate(JSON.parse(text)), JSON.stringify(validate.errors))
          const log = JSON.parse(text)
          const uris = log.runs[0].results.map((x: {locations: Array<{physicalLocation: {artifactLocation: {uri: string; uriBaseId: string}}}>}) => x.locations[0]!.physicalLocation.artifactLocation)
          assert.deepEqual(uris, broken ? [{uri: 'k8s/prod/ingress.yaml', uriBaseId: '%SRCROOT%'}] : [])
          assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, `file://${t.dir}/`)
          continue
        }
        if (!step.run || step.run.startsWith('npm ')) continue
        const r = sh(step.run, t.dir, {GITHUB_WORKSPACE: t.dir})
        ran.push({run: step.run, code: r.code, stdout: r.stdout})
        if (r.code !== 0) failed = true
      }
      const annotations = ran.find((r) => r.run.includes('-o github'))!
      if (broken) {
        assert.equal(annotations.code, 1)
        assert.match(annotations.stdout, /^::error file=k8s\/prod\/ingress\.yaml,line=8,col=7,title=invalid-host::Ingress shop\/web: /m)
      } else {
        assert.equal(annotations.code, 0, annotations.stdout)
      }
      const sarifStep = ran.find((r) => r.run.includes('-o sarif'))!
      assert.equal(sarifStep.code, 0, 'the SARIF step itself passes with findings (exit 1), so the upload runs')
    } finally {
      t.remove()
    }
  }
})

/** Minimal XML well-formedness: balanced tags, quoted attributes, no raw `<` or stray `&` in text. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const stack: string[] = []
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g
  let last = 0
  for (let m = tag.exec(body); m !== null; m = tag.exec(body)) {
    const text = body.slice(last, m.index)
    assert.ok(!/[<>]|&(?!(amp|lt|gt|quot|apos);)/.test(text), `text between tags: ${JSON.stringify(text.slice(0, 80))}`)
    if (m[1]) assert.equal(stack.pop(), m[2], `closing </${m[2]}>`)
    else if (!m[4]) stack.push(m[2]!)
    last = m.index + m[0].length
  }
  assert.equal(body.slice(last).trim(), '')
  assert.deepEqual(stack, [])
}

test('README recipe: GitLab CI JUnit report', () => {
  const job = Object.values(parse(recipe('gitlab-junit')) as Record<string, {script: string[]; artifacts: {when: string; reports: {junit: string}}}>)[0]!
  assert.equal(job.artifacts.when, 'always')
  for (const broken of [true, false]) {
    const t = repo(broken)
    try {
      assert.equal(git(t.dir, 'init', '-q').code, 0)
      let code: number | null = 0
      for (const line of job.script) {
        if (line.startsWith('npm ')) continue
        code = sh(line, t.dir).code
        if (code !== 0) break // GitLab stops the script at the first failing line
      }
      assert.equal(code, broken ? 1 : 0)
      const xml = readFileSync(join(t.dir, job.artifacts.reports.junit), 'utf8')
      assertWellFormedXml(xml)
      if (broken) {
        // Relative to the git top level (no GITHUB_WORKSPACE here).
        assert.match(xml, /<testsuite name="k8s\/prod\/ingress\.yaml" tests="1" failures="1"/)
        assert.match(xml, /<testcase classname="k8s\/prod\/ingress\.yaml" name="invalid-host at 8:7" file="k8s\/prod\/ingress\.yaml" line="8" time="0">\n\s*<failure type="error" message="Ingress shop\/web: spec\.rules\[0\]\.host: invalid value &quot;Shop\.example\.com&quot;/)
      } else {
        assert.match(xml, /<testsuites name="ingressctl lint" tests="1" failures="0"/)
      }
    } finally {
      t.remove()
    }
  }
})

test('README recipes: git pre-commit and pre-push hooks block a commit and a push with an error, and let a clean one through', () => {
  const t = repo(true)
  try {
    const remote = join(t.dir, '..', `${t.dir.split('/').pop()}-remote.git`)
    mkdirSync(remote)
    assert.equal(git(remote, 'init', '-q', '--bare').code, 0)
    assert.equal(git(t.dir, 'init', '-q').code, 0)
    for (const name of ['pre-commit', 'pre-push']) {
      const hook = join(t.dir, '.git', 'hooks', name)
      writeFileSync(hook, `${recipe(name)}\n`)
      chmodSync(hook, 0o755)
    }
    git(t.dir, 'add', '.')
    const blocked = git(t.dir, 'commit', '-q', '-m', 'broken')
    assert.notEqual(blocked.code, 0, 'pre-commit blocks the commit')
    assert.match(blocked.out, /invalid-host/)
    // Committed past the hook: the pre-push hook (refs on its stdin) still stops the push.
    assert.equal(git(t.dir, 'commit', '-q', '--no-verify', '-m', 'broken').code, 0)
    assert.equal(git(t.dir, 'remote', 'add', 'origin', remote).code, 0)
    const push = git(t.dir, 'push', '-q', 'origin', 'HEAD:refs/heads/main')
    assert.notEqual(push.code, 0, push.out)
    assert.match(push.out, /k8s\/prod\/ingress\.yaml\n\s+8:7\s+error .*\[invalid-host\]/)
    assert.doesNotMatch(push.out, /no such file|refs\/heads/)

    writeFileSync(join(t.dir, 'k8s', 'prod', 'ingress.yaml'), `${ingress()}---\n${service()}`)
    git(t.dir, 'add', '.')
    const ok = git(t.dir, 'commit', '-q', '-m', 'fixed')
    assert.equal(ok.code, 0, ok.out)
    const pushed = git(t.dir, 'push', '-q', 'origin', 'HEAD:refs/heads/main')
    assert.equal(pushed.code, 0, pushed.out)
  } finally {
    t.remove()
    spawnSync('rm', ['-rf', join(t.dir, '..', `${t.dir.split('/').pop()}-remote.git`)])
  }
})
