import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../src/cli/base-command.js'
import {clusterFlags, sourceFlags} from '../src/cli/flags.js'
import {LINT_FORMATS, LINT_FORMAT_NAMES} from '../src/lint/format/index.js'
import {ALL_RULES} from '../src/lint/registry.js'
import {runLint} from '../src/lint/run.js'
import {requireInput} from '../src/sources/open.js'
import {VERSION} from '../src/version.js'

export default class Lint extends BaseCommand {
  static override summary = 'Check Ingress manifests the way the API server and a controller would see them.'
  static override description = `Reports the API server's validation, removed apiVersions and cross-object problems (shadowed paths, missing Services, ports, TLS Secrets and certificates, IngressClasses), each with a rule id, file:line:col and a fix hint.
Exit status: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or input errors.
Settings are read from the nearest .ingressctl.yaml (lint: {disable: [RULE...], maxWarnings: N, severity: {RULE: error|warning|info|off}}); a "# ingressctl-disable-next-line RULE[, RULE]" comment silences the next line.
Rules: ${ALL_RULES.map((r) => r.id).join(', ')}.`
  static override examples = [
    '<%= config.bin %> lint k8s/',
    'helm template ./chart | <%= config.bin %> lint -',
    '<%= config.bin %> lint -f k8s/ -o sarif > ingressctl.sarif',
    '<%= config.bin %> lint k8s/ -o github --max-warnings 0',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Manifest files or directories, or - for standard input.', required: false})}
  static override flags = {
    ...sourceFlags,
    ...clusterFlags,
    output: Flags.string({char: 'o', summary: 'Output format.', options: LINT_FORMAT_NAMES, default: 'text'}),
    disable: Flags.string({summary: 'Do not report this rule (repeatable, or comma-separated).', multiple: true, multipleNonGreedy: true, delimiter: ','}),
    'max-warnings': Flags.integer({summary: 'Exit 1 when there are more warnings than this.', min: 0}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Lint)
    const files = [...(argv as string[]), ...(flags.file ?? [])]
    const cluster = {kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, allNamespaces: flags['all-namespaces'], controllerConfig: flags['controller-config']}
    requireInput('lint', {...cluster, files}, 'paths or -f PATH')
    const report = await runLint({
      files,
      ...cluster,
      ingressClass: flags['ingress-class'],
      disable: flags.disable,
      maxWarnings: flags['max-warnings'],
      cwd: process.cwd(),
      stdin: process.stdin,
    })
    const color = process.stdout.isTTY === true && !process.env.NO_COLOR
    process.stdout.write(LINT_FORMATS[flags.output]!.render(report, {color, version: VERSION}))
    if (report.exitCode !== 0) this.exit(report.exitCode)
  }
}
