import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../src/cli/base-command.js'
import {defaultToCurrentContext} from '../src/cli/context.js'
import {clusterFlags, compileOptionsOf, sourceFlags} from '../src/cli/flags.js'
import {formatLoadErrors, MATCH_FORMATS, MATCH_RENDERERS, parseMatchRequest, runMatch, type MatchFormat} from '../src/match/index.js'
import {requireInput, type SourceOptions} from '../src/sources/open.js'

export default class Match extends BaseCommand {
  static override summary = 'Show which route serves a URL, and why the other candidates lost.'
  static override description = `Compiles the Ingresses (files or a cluster) and matches one request as an Ingress controller would: host first (exact, then *.wildcard, then rules without host), then the longest path (Exact beats Prefix at equal length), then the default backend.
Then it says what the request becomes: proxied (the path and Host sent upstream, after an ingress-nginx rewrite-target or upstream-vhost), redirected (status and Location: ssl-redirect, permanent-redirect, app-root...) or answered by the gateway; -o json adds it as "action".
Exit status: 0 a route (or the default backend) serves the URL, 1 no route (404), 2 bad input.`
  static override examples = [
    '<%= config.bin %> match -f fixtures/demo http://shop.example.com/cart',
    '<%= config.bin %> match -f k8s/ /api/v1/users --header "Host: api.example.com" -o json',
    '<%= config.bin %> match --context staging https://shop.example.com/ --explain -o json',
  ]
  static override args = {url: Args.string({description: 'http://HOST[:PORT]/PATH?QUERY, https://..., HOST/PATH, or /PATH', required: true, ignoreStdin: true})}
  static override flags = {
    ...sourceFlags,
    ...clusterFlags,
    header: Flags.string({char: 'H', summary: 'Request header "Name: value" (repeatable); Host overrides the URL host.', multiple: true, multipleNonGreedy: true}),
    'content-length': Flags.integer({summary: 'Size in bytes of the request body (as its Content-Length): a route whose proxy-body-size is smaller answers 413. Default: no body.', min: 0}),
    'client-ip': Flags.string({summary: 'The client address access lists test (allowlist-source-range, denylist-source-range); default 127.0.0.1. With use-forwarded-headers an X-Forwarded-For --header counts too.', default: '127.0.0.1'}),
    output: Flags.string({char: 'o', summary: 'Output format.', options: [...MATCH_FORMATS], default: 'text'}),
    explain: Flags.boolean({summary: 'Add the candidates that lost ("candidates"), the warnings about the winning Ingress ("warnings") and the annotations that acted ("action.annotations") to -o json output.', default: false}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Match)
    const given: SourceOptions = {files: flags.file, kubeconfig: flags.kubeconfig, context: flags.context, namespace: flags.namespace, allNamespaces: flags['all-namespaces'], controllerConfig: flags['controller-config'], stdin: process.stdin}
    const {source, note} = defaultToCurrentContext(given)
    if (note) process.stderr.write(`${note}\n`)
    requireInput('match', source)
    const parsed = parseMatchRequest(args.url, flags.header ?? [], flags['client-ip'])
    const request = flags['content-length'] !== undefined ? {...parsed, contentLength: flags['content-length']} : parsed
    const outcome = await runMatch(source, request, compileOptionsOf(flags))
    process.stderr.write(formatLoadErrors(outcome))
    process.stdout.write(MATCH_RENDERERS[flags.output as MatchFormat](outcome, {explain: flags.explain}))
    if (!outcome.explanation.matched) this.exit(1)
  }
}
