import {Flags} from '@oclif/core'
import {BaseCommand} from '../src/cli/base-command.js'
import {defaultToCurrentContext} from '../src/cli/context.js'
import {clusterFlags, compileOptionsOf, sourceFlags} from '../src/cli/flags.js'
import {UsageError} from '../src/errors.js'
import {printRoutes, ROUTES_FORMATS, type RoutesFormat} from '../src/output/routes/index.js'
import {requireInput, type SourceOptions} from '../src/sources/open.js'

export default class Routes extends BaseCommand {
  static override summary = 'Show the compiled route table: a live terminal view, or printed with -o.'
  static override description =
    'On a terminal, opens a live view of the routes (files and the cluster are watched). Without a terminal, or with -o, prints the table and exits.'
  static override examples = ['<%= config.bin %> routes -f fixtures/demo', '<%= config.bin %> routes -f k8s/ -o json', '<%= config.bin %> routes --context staging -n shop']
  static override flags = {
    ...sourceFlags,
    ...clusterFlags,
    output: Flags.string({char: 'o', summary: 'Print the table in this format and exit.', options: [...ROUTES_FORMATS]}),
    attach: Flags.string({summary: "Base URL of a running `ingressctl serve` admin API (e.g. http://127.0.0.1:9901): adds requests/s, error rate and p99 per route."}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Routes)
    const given: SourceOptions = {files: flags.file, kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, allNamespaces: flags['all-namespaces']}
    const {source, note} = defaultToCurrentContext(given)
    if (note) process.stderr.write(`${note}\n`)
    requireInput('routes', source)
    const compile = compileOptionsOf(flags)
    const interactive = !flags.output && process.stdout.isTTY && process.stdin.isTTY && !(flags.file ?? []).includes('-')
    if (!interactive) {
      if (flags.attach) throw new UsageError('--attach needs the interactive view', 'run it on a terminal without -o')
      const printed = await printRoutes(source, (flags.output ?? 'table') as RoutesFormat, compile)
      process.stdout.write(printed.stdout)
      if (printed.stderr) process.stderr.write(printed.stderr)
      return
    }
    if (flags.attach && !/^https?:\/\/[^/]+/.test(flags.attach)) {
      throw new UsageError(`--attach ${flags.attach}: not an http URL`, 'give the admin address of ingressctl serve, e.g. --attach http://127.0.0.1:9901')
    }
    // React's development build records a performance trace of every render: the terminal UI runs the production build.
    process.env.NODE_ENV ??= 'production'
    const {runLiveRoutes} = await import('../src/ui/index.js')
    await runLiveRoutes(source, {compile, attachUrl: flags.attach})
  }
}
