import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {after, test} from 'node:test'
import {runCli, type CliRun} from '../run-cli.js'

const root = new URL('../../../', import.meta.url).pathname
const bin = join(root, 'bin', 'run.js')
const fixtures = join(root, 'fixtures', 'lint')
const tmp = mkdtempSync(join(tmpdir(), 'ingressctl-lint-'))
after(() => rmSync(tmp, {recursive: true, force: true}))

/** `ingressctl lint ARGS` (NO_COLOR empty: the color tests decide it themselves). */
function cli(args: string[], opts: {stdin?: string; cwd?: string} = {}): Promise<CliRun> {
  return runCli(['lint', ...args], {...opts, env: {NO_COLOR: ''}})
}

/** `helm template` output: many kinds, `# Source:` comments, an invalid path and a missing Service port. */
const HELM = `---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
---
# Source: shop/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
data:
  LOG_LEVEL: info
---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop
  labels:
    app.kubernetes.io/name: shop
spec:
  type: ClusterIP
  ports:
    - port: 80
      targetPort: http
      protocol: TCP
      name: http
  selector:
    app.kubernetes.io/name: shop
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: shop
  template:
    metadata:
      labels:
        app.kubernetes.io/name: shop
    spec:
      containers:
        - name: shop
          image: "nginx:1.27"
          ports:
            - name: http
              containerPort: 8080
---
# Source: shop/templates/hpa.yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: shop
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: shop
  minReplicas: 2
  maxReplicas: 5
---
# Source: shop/templates/ingress.yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  labels:
    app.kubernetes.io/name: shop
spec:
  ingressClassName: nginx
  rules:
    - host: "shop.example.com"
      http:
        paths:
          - path: api
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 80
    - host: "admin.example.com"
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: shop
                port:
                  number: 8080
`

test('helm template | ingressctl lint -: mixed kinds on stdin, diagnostics at the template named by # Source:, lines counted from it', async () => {
  const r = await cli(['-', '-o', 'json'], {stdin: HELM})
  assert.equal(r.code, 1, r.stderr)
  const out = JSON.parse(r.stdout)
  const got = out.diagnostics.map((d: {rule: string; location: {file: string; line: number; col: number}}) => [d.rule, d.location.file, d.location.line, d.location.col])
  assert.deepEqual(got, [
    // Rendered lines 81 and 97 are lines 13 and 29 after `# Source: shop/templates/ingress.yaml` (line 68).
    ['path-not-absolute', 'shop/templates/ingress.yaml', 13, 13],
    ['service-port-not-found', 'shop/templates/ingress.yaml', 29, 19],
  ])
  assert.deepEqual(out.summary, {errors: 2, warnings: 0, infos: 0, exitCode: 1})
  assert.match(out.diagnostics[1].hint, /8080 is the Service's targetPort|Use one of the Service's ports/)
})

test('text output: grouped by file, no color without a TTY, summary line, exit 1 on errors', async () => {
  const a = join(fixtures, 'path-not-absolute', 'bad.yaml')
  const b = join(fixtures, 'deprecated-api-version', 'bad.yaml')
  const r = await cli([b, a])
  assert.equal(r.code, 1)
  assert.doesNotMatch(r.stdout, /\u001b\[/)
  const lines = r.stdout.split('\n')
  // Absolute inputs inside the repository are shown relative to its root.
  const ia = lines.indexOf('fixtures/lint/path-not-absolute/bad.yaml')
  const ib = lines.indexOf('fixtures/lint/deprecated-api-version/bad.yaml')
  assert.ok(ia > ib && ib >= 0, 'files are headers, in sorted order')
  assert.match(lines[ia + 1]!, /^ {2}11:13 {2}error {4}Ingress shop\/web: .*must be an absolute path {2}\[path-not-absolute\]$/)
  assert.match(lines[ia + 2]!, /hint: /)
  assert.match(r.stdout, /✖ 3 problems \(3 errors, 0 warnings, 0 info\)\n$/)
})

test('exit 0 and a clean summary for clean input', async () => {
  const r = await cli([join(fixtures, 'path-shadowed', 'good.yaml')])
  assert.equal(r.code, 0, r.stdout + r.stderr)
  assert.equal(r.stdout, '✔ no problems\n')
})

test('exit 2: missing file, empty stdin, unknown flag, unknown rule, no input', async () => {
  for (const [args, stdin, pattern] of [
    [['does-not-exist.yaml'], '', /no such file/],
    [['-'], '', /no YAML or JSON documents/],
    [['--bogus', 'x.yaml'], '', /Nonexistent flag/],
    [['--disable', 'no-such-rule', join(fixtures, 'path-shadowed', 'good.yaml')], '', /unknown rule "no-such-rule"/],
    [[], '', /no input/],
  ] as Array<[string[], string, RegExp]>) {
    const r = await cli(args, {stdin})
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`)
    assert.match(r.stderr, pattern)
    assert.doesNotMatch(r.stderr, /\n\s+at .*\.js:\d+/, 'no stack trace')
  }
})

test('--max-warnings: warnings alone exit 0, above the limit exit 1', async () => {
  const f = join(fixtures, 'path-shadowed', 'bad.yaml') // 2 warnings
  assert.equal((await cli([f])).code, 0)
  assert.equal((await cli([f, '--max-warnings', '2'])).code, 0)
  const over = await cli([f, '--max-warnings', '1'])
  assert.equal(over.code, 1)
  assert.match(over.stdout, /2 warnings: more than --max-warnings 1/)
})

test('--disable (repeatable and comma-separated) drops those rules', async () => {
  const f = join(fixtures, 'service-port-not-found', 'bad.yaml')
  const r = await cli([f, '--disable', 'service-port-not-found', '-o', 'json'])
  assert.equal(r.code, 0)
  assert.deepEqual(JSON.parse(r.stdout).diagnostics, [])
  const both = await cli(['-', '--disable', 'path-not-absolute,service-port-not-found', '-o', 'json'], {stdin: HELM})
  assert.equal(both.code, 0)
})

test('.ingressctl.yaml is found from the working directory upward', async () => {
  const project = join(tmp, 'project')
  const deep = join(project, 'deploy', 'k8s')
  mkdirSync(deep, {recursive: true})
  writeFileSync(join(project, '.ingressctl.yaml'), 'lint:\n  disable: [path-not-absolute]\n  severity:\n    service-port-not-found: warning\n  maxWarnings: 0\n')
  const r = await cli(['-', '-o', 'json'], {stdin: HELM, cwd: deep})
  const out = JSON.parse(r.stdout)
  assert.deepEqual(out.diagnostics.map((d: {rule: string; severity: string}) => [d.rule, d.severity]), [['service-port-not-found', 'warning']])
  assert.equal(out.summary.maxWarnings, 0)
  assert.equal(r.code, 1, 'one warning is above maxWarnings 0')
  // --max-warnings on the command line wins over the file.
  assert.equal((await cli(['-', '--max-warnings', '1'], {stdin: HELM, cwd: deep})).code, 0)
})

test('a bad .ingressctl.yaml is a usage error (exit 2) naming the file', async () => {
  const dir = join(tmp, 'bad-config')
  mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, '.ingressctl.yaml'), 'lint:\n  severity:\n    path-shadowed: loud\n')
  const r = await cli([join(fixtures, 'path-shadowed', 'good.yaml')], {cwd: dir})
  assert.equal(r.code, 2)
  assert.match(r.stderr, /\.ingressctl\.yaml: lint\.severity\.path-shadowed: must be error, warning, info or off/)
})

test('# ingressctl-disable-next-line silences the named rules on the next line only', async () => {
  const text = HELM.replace('          - path: api\n', '          # ingressctl-disable-next-line path-not-absolute\n          - path: api\n').replace(
    '                  number: 8080\n',
    '                  # ingressctl-disable-next-line missing-service, tls-host-not-served\n                  number: 8080\n',
  )
  const file = join(tmp, 'helm.yaml')
  writeFileSync(file, text)
  for (const args of [[file], ['-']]) {
    const r = await cli([...args, '-o', 'json'], {stdin: text})
    const rules = JSON.parse(r.stdout).diagnostics.map((d: {rule: string}) => d.rule)
    assert.deepEqual(rules, ['service-port-not-found'], `${args[0]}: the other rule on the next line is not silenced`)
  }
  const all = text.replace('# ingressctl-disable-next-line missing-service, tls-host-not-served', '# ingressctl-disable-next-line')
  const r = await cli(['-', '-o', 'json'], {stdin: all})
  assert.deepEqual(JSON.parse(r.stdout).diagnostics, [])
  assert.equal(r.code, 0)
})

test('-o github: workflow commands with escaped properties and data', async () => {
  const r = await cli(['-', '-o', 'github'], {stdin: HELM})
  assert.equal(r.code, 1)
  const lines = r.stdout.trimEnd().split('\n')
  assert.equal(lines.length, 3)
  assert.match(lines[0]!, /^::error file=shop\/templates\/ingress.yaml,line=13,col=13,title=path-not-absolute::Ingress default\/shop: spec\.rules\[0\]\.http\.paths\[0\]\.path: invalid value "api": must be an absolute path%0Ahint: Start the path with `\/`: "\/api"\.$/)
  assert.match(lines[1]!, /^::error file=shop\/templates\/ingress.yaml,line=29,col=19,title=service-port-not-found::/)
  assert.doesNotMatch(lines[1]!.split('::')[2]!, /\n/)
  assert.equal(lines[2], 'ingressctl lint: 2 error(s), 0 warning(s), 0 info')
})

test('-o json is deterministic', async () => {
  const a = await cli(['-', '-o', 'json'], {stdin: HELM})
  const b = await cli(['-', '-o', 'json'], {stdin: HELM})
  assert.equal(a.stdout, b.stdout)
  assert.ok(readFileSync(bin).length > 0)
})
