import {Args, Flags} from '@oclif/core'
import type {ControllerChoice} from '../src/compiler/index.js'
import {BaseCommand} from '../src/cli/base-command.js'
import {useColor} from '../src/cli/color.js'
import {clusterFlags, colorFlags, sourceFlags} from '../src/cli/flags.js'
import {DIFF_FORMAT_NAMES, DIFF_FORMATS} from '../src/diff/format/index.js'
import {runDiff} from '../src/diff/run.js'

export default class Diff extends BaseCommand {
  static override summary = 'Compare the routes of two sets of manifests: added, removed and changed routes, and requests now served elsewhere.'
  static override description = `Each side is compiled like serve would; routes are matched by host and path, so reordering documents or keys, comments and formatting change nothing. A route changes when its backend, port, pathType, TLS Secret, owning Ingress, protocol, annotations or actions (ingress-nginx rewrites, redirects...) do.
Requests now served elsewhere: each route's own path and a path below it (x.<domain> for a wildcard host, any-host.invalid for rules without host) are looked up on both sides; a request whose backend changed although its own route did not (a new rule shadows it) is listed, and so is a request whose effect changed (a rewrite or redirect added, changed or removed).
Exit status: 0 no change, 1 changes, 2 errors.`
  static override examples = [
    '<%= config.bin %> diff old.yaml new.yaml',
    'helm template ./chart | <%= config.bin %> diff rendered-main.yaml -',
    '<%= config.bin %> diff --base origin/main k8s/ -o markdown',
    '<%= config.bin %> diff --context staging -f k8s/',
  ]
  static override strict = false
  static override args = {paths: Args.string({description: 'OLD NEW (files, directories or -); with --base, the paths to compare.', required: false, ignoreStdin: true})}
  static override flags = {
    ...sourceFlags,
    ...clusterFlags,
    ...colorFlags,
    base: Flags.string({summary: 'Old side: the same paths at this git revision (branch, tag or commit); new side: the working tree.'}),
    output: Flags.string({char: 'o', summary: 'Output format.', options: DIFF_FORMAT_NAMES, default: 'text'}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Diff)
    const {report, exitCode, warnings} = await runDiff({
      paths: [...(argv as string[]), ...(flags.file ?? [])],
      base: flags.base,
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      ingressClass: flags['ingress-class'],
      controller: flags.controller as ControllerChoice,
      cwd: process.cwd(),
      stdin: process.stdin,
    })
    for (const w of warnings) process.stderr.write(`warning: ${w}\n`)
    const color = useColor(process.stdout, flags.color)
    process.stdout.write(DIFF_FORMATS[flags.output]!.render(report, {color}))
    if (exitCode !== 0) this.exit(exitCode)
  }
}
