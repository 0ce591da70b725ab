import {Flags} from '@oclif/core'
import type {ControllerChoice} from '../src/compiler/index.js'
import {BaseCommand} from '../src/cli/base-command.js'
import {defaultToCurrentContext} from '../src/cli/context.js'
import {useColor} from '../src/cli/color.js'
import {clusterFlags, colorFlags, sourceFlags} from '../src/cli/flags.js'
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
    ...colorFlags,
    address: Flags.string({summary: 'Address the HTTP and HTTPS listeners bind to.', default: SERVE_DEFAULTS.address}),
    'http-port': Flags.integer({summary: 'HTTP port (0 picks a free one).', default: SERVE_DEFAULTS.httpPort, min: 0, max: 65535}),
    'https-port': Flags.integer({summary: 'HTTPS port (0 picks a free one).', default: SERVE_DEFAULTS.httpsPort, min: 0, max: 65535}),
    'admin-port': Flags.integer({summary: 'Admin API port (/metrics /routes /healthz /readyz).', default: SERVE_DEFAULTS.adminPort, min: 0, max: 65535}),
    'admin-address': Flags.string({summary: 'Address of the admin API (loopback unless set).', default: SERVE_DEFAULTS.adminAddress}),
    map: Flags.string({summary: 'Send a Service to a local URL: [NAMESPACE/]SERVICE[:PORT]=URL. Repeatable.', multiple: true}),
    echo: Flags.boolean({summary: 'Answer backends that resolve nowhere with the built-in echo upstream.', default: false}),
    upstream: Flags.string({summary: 'Cluster mode: reach pods directly or through port-forward tunnels.', options: ['auto', 'direct', 'port-forward'], default: 'auto'}),
    'log-format': Flags.string({summary: 'Access log and log line format; json: every stdout line is a JSON object, the banner included.', options: ['text', 'json'], default: 'text'}),
    'access-log': Flags.boolean({summary: 'Log every request on stdout (default; a compact line on a terminal); --no-access-log silences it.', allowNo: true}),
    'connect-timeout': Flags.string({summary: 'Time to connect to an upstream (504 after).', default: SERVE_DEFAULTS.connectTimeout}),
    'upstream-timeout': Flags.string({summary: 'Longest upstream silence while reading a response (504 after).', default: SERVE_DEFAULTS.upstreamTimeout}),
    'reload-debounce': Flags.string({summary: 'Quiet period after a file change before reloading (file mode).', default: '100ms'}),
    'drain-timeout': Flags.string({summary: 'On SIGINT/SIGTERM, how long in-flight requests may finish.', default: SERVE_DEFAULTS.drainTimeout}),
    'client-header-timeout': Flags.string({
      summary: 'Longest time to receive a request head, or a new connection\'s first bytes (408 or close after).',
      default: SERVE_DEFAULTS.clientHeaderTimeout,
    }),
    'keepalive-timeout': Flags.string({summary: 'An HTTP/1.1 connection idle between requests is closed after this.', default: SERVE_DEFAULTS.keepAliveTimeout}),
    'tls-handshake-timeout': Flags.string({summary: 'A TLS handshake not completed within this closes the connection.', default: SERVE_DEFAULTS.tlsHandshakeTimeout}),
    'http2-idle-timeout': Flags.string({summary: 'An HTTP/2 connection with no open stream is closed (GOAWAY) after this.', default: SERVE_DEFAULTS.http2IdleTimeout}),
    'http2-ping-interval': Flags.string({
      summary: 'HTTP/2 connections with open streams are pinged this often; no answer by the next ping closes them.',
      default: SERVE_DEFAULTS.http2PingInterval,
    }),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Serve)
    // Without -f or --context: the kubeconfig's current context, as kubectl (the banner's first line names it).
    const {source} = defaultToCurrentContext({files: flags.file, context: flags.context, kubeconfig: flags.kubeconfig, namespace: flags.namespace, allNamespaces: flags['all-namespaces']})
    requireInput('serve', source, '-f PATH', '; --echo answers every backend with the built-in echo upstream')
    // This process is the gateway from here on (see gc-tuning.ts).
    tuneGcForProxying()
    // Listening before startServe returns: a SIGTERM right after the banner still drains and exits 0.
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
    const running = await startServe({
      files: flags.file,
      ingressClass: flags['ingress-class'],
      controller: flags.controller as ControllerChoice,
      kubeconfig: flags.kubeconfig,
      context: source.context,
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
      color: useColor(process.stdout, flags.color),
      connectTimeoutMs: parseDuration('connect-timeout', flags['connect-timeout']),
      upstreamTimeoutMs: parseDuration('upstream-timeout', flags['upstream-timeout']),
      drainTimeoutMs: parseDuration('drain-timeout', flags['drain-timeout']),
      debounceMs: parseDuration('reload-debounce', flags['reload-debounce']),
      clientHeaderTimeoutMs: parseDuration('client-header-timeout', flags['client-header-timeout']),
      keepAliveTimeoutMs: parseDuration('keepalive-timeout', flags['keepalive-timeout']),
      tlsHandshakeTimeoutMs: parseDuration('tls-handshake-timeout', flags['tls-handshake-timeout']),
      http2IdleTimeoutMs: parseDuration('http2-idle-timeout', flags['http2-idle-timeout']),
      http2PingIntervalMs: parseDuration('http2-ping-interval', flags['http2-ping-interval']),
      stdout: process.stdout,
      stderr: process.stderr,
    })
    const signal = await stopSignal
    process.stderr.write(`ingressctl: ${signal}: draining in-flight requests (up to ${flags['drain-timeout']})\n`)
    await running.shutdown()
    process.exit(0)
  }
}
