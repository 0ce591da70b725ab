import {Flags} from '@oclif/core'
import {BaseCommand} from '../src/cli/base-command.js'
import {clusterFlags, sourceFlags} from '../src/cli/flags.js'
import {parseDuration} from '../src/serve/duration.js'
import {tuneGcForProxying} from '../src/serve/gc-tuning.js'
import {SERVE_DEFAULTS} from '../src/serve/options.js'
import {startServe} from '../src/serve/serve.js'
import {requireInput} from '../src/sources/open.js'

export default class Serve extends BaseCommand {
  static override summary = 'Run the gateway locally from manifest files (hot-reloaded) or a cluster.'
  static override description =
    'Routes requests as the Ingresses say. Upstreams in file mode, in order: --map, EndpointSlices in the files, ' +
    'Services of type ExternalName, then --echo. HTTPS uses kubernetes.io/tls Secrets, else certificates from a local ' +
    'development CA (ingressctl cert ca). Stops on SIGINT/SIGTERM after draining in-flight requests.'

  static override examples = [
    '<%= config.bin %> serve -f ./k8s --echo',
    '<%= config.bin %> serve -f ./k8s --map shop/web:80=http://127.0.0.1:3000',
    '<%= config.bin %> serve -f ./k8s --http-port 0 --https-port 0 --admin-port 0',
  ]

  static override flags = {
    ...sourceFlags,
    ...clusterFlags,
    address: Flags.string({summary: 'Address the HTTP and HTTPS listeners bind to.', default: SERVE_DEFAULTS.address}),
    'http-port': Flags.integer({summary: 'HTTP port (0 picks a free one).', default: SERVE_DEFAULTS.httpPort, min: 0, max: 65535}),
    'https-port': Flags.integer({summary: 'HTTPS port (0 picks a free one).', default: SERVE_DEFAULTS.httpsPort, min: 0, max: 65535}),
    'admin-port': Flags.integer({summary: 'Admin API port (/metrics /routes /healthz /readyz).', default: SERVE_DEFAULTS.adminPort, min: 0, max: 65535}),
    'admin-address': Flags.string({summary: 'Address of the admin API (loopback unless set).', default: SERVE_DEFAULTS.adminAddress}),
    map: Flags.string({summary: 'Send a Service to a local URL: [NAMESPACE/]SERVICE[:PORT]=URL. Repeatable.', multiple: true}),
    echo: Flags.boolean({summary: 'Answer backends that resolve nowhere with the built-in echo upstream.', default: false}),
    upstream: Flags.string({summary: 'Cluster mode: reach pods directly or through port-forward tunnels.', options: ['auto', 'direct', 'port-forward'], default: 'auto'}),
    'log-format': Flags.string({summary: 'Access log and log line format.', options: ['text', 'json'], default: 'text'}),
    'access-log': Flags.boolean({summary: 'Log every request (default: only when stdout is not a terminal).', allowNo: true}),
    'connect-timeout': Flags.string({summary: 'Time to connect to an upstream (504 after).', default: SERVE_DEFAULTS.connectTimeout}),
    'upstream-timeout': Flags.string({summary: 'Longest upstream silence while reading a response (504 after).', default: SERVE_DEFAULTS.upstreamTimeout}),
    'reload-debounce': Flags.string({summary: 'Quiet period after a file change before reloading (file mode).', default: '100ms'}),
    'drain-timeout': Flags.string({summary: 'On SIGINT/SIGTERM, how long in-flight requests may finish.', default: SERVE_DEFAULTS.drainTimeout}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Serve)
    requireInput('serve', {files: flags.file, context: flags.context, kubeconfig: flags.kubeconfig}, '-f PATH', '; --echo answers every backend with the built-in echo upstream')
    // This process is the gateway from here on (see gc-tuning.ts).
    tuneGcForProxying()
    const running = await startServe({
      files: flags.file,
      ingressClass: flags['ingress-class'],
      controllerConfig: flags['controller-config'],
      kubeconfig: flags.kubeconfig,
      context: flags.context,
      namespace: flags.namespace,
      allNamespaces: flags['all-namespaces'],
      address: flags.address,
      httpPort: flags['http-port'],
      httpsPort: flags['https-port'],
      adminPort: flags['admin-port'],
      adminAddress: flags['admin-address'],
      maps: flags.map ?? [],
      echo: flags.echo,
      upstream: flags.upstream as 'auto' | 'direct' | 'port-forward',
      logFormat: flags['log-format'] as 'text' | 'json',
      accessLog: flags['access-log'],
      connectTimeoutMs: parseDuration('connect-timeout', flags['connect-timeout']),
      upstreamTimeoutMs: parseDuration('upstream-timeout', flags['upstream-timeout']),
      drainTimeoutMs: parseDuration('drain-timeout', flags['drain-timeout']),
      debounceMs: parseDuration('reload-debounce', flags['reload-debounce']),
      stdout: process.stdout,
      stderr: process.stderr,
    })
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
    process.stderr.write(`ingressctl: ${signal}: draining in-flight requests (up to ${flags['drain-timeout']})\n`)
    await running.shutdown()
    process.exit(0)
  }
}
