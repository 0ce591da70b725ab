import {Args, Flags} from '@oclif/core'
import type {ControllerChoice} from '../src/compiler/index.js'
import {BaseCommand} from '../src/cli/base-command.js'
import {useColor} from '../src/cli/color.js'
import {clusterFlags, colorFlags, sourceFlags} from '../src/cli/flags.js'
import {LINT_FORMATS, LINT_FORMAT_NAMES} from '../src/lint/format/index.js'
import {renderRuleList} from '../src/lint/list-rules.js'
import {ALL_RULES} from '../src/lint/registry.js'
import {UsageError} from '../src/errors.js'
import {lintRun} from '../src/lint/run.js'
import {onlyErrors} from '../src/lint/index.js'
import {SET_MODES, type SetMode} from '../src/loader/sets.js'
import {requireInput} from '../src/sources/open.js'
import {VERSION} from '../src/version.js'

export default class Lint extends BaseCommand {
  static override summary = 'Check Ingress manifests the way the API server and a controller would see them.'
  static override description = `Reports the API server's validation, removed apiVersions and cross-object problems (shadowed paths, missing Services, ports, TLS Secrets and certificates, IngressClasses), each with a rule id, file:line:col and a fix hint.
Every document is validated on its own. Cross-object checks run within a set of objects that belong together: by default, under an input directory where two files define the same object, each subdirectory (and each such file) is its own set, e.g. k8s/prod and k8s/staging; a kustomize directory is one set. --set all|dir|file overrides the grouping.
File names are relative to the repository root (GITHUB_WORKSPACE, else the git top level, else the current directory).
Exit status: 0 no errors, 1 errors (or more warnings than --max-warnings), 2 usage or input errors.
Settings are read from the nearest .ingressctl.yaml (lint: {disable: [RULE...], maxWarnings: N, severity: {RULE: error|warning|info|off}}); comments "# ingressctl-disable-next-line RULE[, RULE]", "# ingressctl-disable-line RULE" and "# ingressctl-disable RULE" (whole file) silence findings.
Rules (lint --list-rules): ${ALL_RULES.map((r) => r.id).join(', ')}.`
  static override examples = [
    '<%= config.bin %> lint k8s/',
    'helm template ./chart | <%= config.bin %> lint -',
    '<%= config.bin %> lint -f k8s/ -o sarif > ingressctl.sarif',
    '<%= config.bin %> lint k8s/ -o github --max-warnings 0',
    '<%= config.bin %> lint k8s/ --format junit > ingressctl-junit.xml',
    '<%= config.bin %> lint --fix k8s/',
    '<%= config.bin %> lint --list-rules',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'Manifest files or directories, or - for standard input.', required: false, ignoreStdin: true})}
  static override flags = {
    ...sourceFlags,
    ...clusterFlags,
    ...colorFlags,
    output: Flags.string({char: 'o', aliases: ['format'], summary: 'Output format (--format is the same flag).', options: LINT_FORMAT_NAMES, default: 'text'}),
    disable: Flags.string({summary: 'Do not report this rule (repeatable, or comma-separated).', multiple: true, multipleNonGreedy: true, delimiter: ','}),
    'max-warnings': Flags.integer({summary: 'Exit 1 when there are more warnings than this.', min: 0}),
    quiet: Flags.boolean({char: 'q', summary: 'Report errors only (warnings and info are not shown or counted).', default: false}),
    set: Flags.string({summary: 'How files are grouped for cross-object checks: auto (per environment directory when objects repeat), all (one cluster), dir (each directory), file (each file).', options: [...SET_MODES], default: 'auto'}),
    'stdin-filename': Flags.string({summary: 'File name to report findings in standard input under (relative to the current directory).'}),
    fix: Flags.boolean({summary: 'Rewrite what can be fixed mechanically (removed apiVersions, the ingress.class annotation) in place, keeping comments and formatting; then lint the result.', default: false, exclusive: ['fix-dry-run']}),
    'fix-dry-run': Flags.boolean({summary: 'Print the --fix changes as a unified diff; write nothing.', default: false}),
    'list-rules': Flags.boolean({summary: 'List every rule (id, severity, what it reports, fixable) and exit; -o json for JSON.', default: false}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Lint)
    if (flags['list-rules']) {
      process.stdout.write(renderRuleList(ALL_RULES, flags.output === 'json' ? 'json' : 'text'))
      return
    }
    const files = [...(argv as string[]), ...(flags.file ?? [])]
    const cluster = {kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, allNamespaces: flags['all-namespaces']}
    requireInput('lint', {...cluster, files}, 'paths or -f PATH')
    const cwd = process.cwd()
    if (flags.fix && files.includes('-')) throw new UsageError('--fix cannot rewrite standard input', 'use --fix-dry-run to see the changes as a diff, or name the files')
    const options = {
      files,
      ...cluster,
      ingressClass: flags['ingress-class'],
      controller: flags.controller as ControllerChoice,
      disable: flags.disable,
      maxWarnings: flags['max-warnings'],
      cwd,
      stdin: process.stdin,
      set: flags.set as SetMode,
      ...(flags['stdin-filename'] !== undefined ? {stdinFilename: flags['stdin-filename']} : {}),
    }
    let run = await lintRun(options)
    if (flags.fix || flags['fix-dry-run']) {
      // Loaded only here: the yaml and diff packages cost every other lint run their start-up time.
      const {computeFixes, describeFixes, unifiedDiff, writeFixes} = await import('../src/lint/fix/run.js')
      const fixes = computeFixes(run.members, cwd, run.root ?? cwd)
      if (flags['fix-dry-run']) {
        process.stdout.write(unifiedDiff(fixes))
        process.stderr.write(describeFixes(fixes, 'would make'))
        return
      }
      await writeFixes(fixes)
      process.stderr.write(describeFixes(fixes, 'made'))
      if (fixes.length > 0) run = await lintRun(options)
    }
    const report = flags.quiet ? onlyErrors(run.report) : run.report
    const color = useColor(process.stdout, flags.color)
    process.stdout.write(LINT_FORMATS[flags.output]!.render(report, {color, version: VERSION, root: run.root}))
    if (report.exitCode !== 0) this.exit(report.exitCode)
  }
}
