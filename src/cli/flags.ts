import {Flags} from '@oclif/core'
import {CONTROLLER_CHOICES} from '../compiler/index.js'

/** Flags shared by every command that reads manifests or a cluster. One definition, reused. */
export const sourceFlags = {
  file: Flags.string({
    char: 'f',
    summary: 'Manifest file or directory (recursive: .yaml .yml .json), or - for stdin. Repeatable.',
    multiple: true,
    // `-f a -f b URL`: each -f takes one value, so positional arguments stay positional.
    multipleNonGreedy: true,
  }),
  'ingress-class': Flags.string({
    summary: 'Serve only Ingresses of this class (plus class-less ones when it is the default IngressClass).',
  }),
  controller: Flags.string({
    summary: "Whose behaviour routes follow: auto (each Ingress's: ingress-nginx for its class or annotations, else the Kubernetes spec), or one for all.",
    options: [...CONTROLLER_CHOICES],
    default: 'auto',
  }),
}


export {compileOptionsOf} from '../compiler/index.js'

export const clusterFlags = {
  kubeconfig: Flags.string({summary: 'Path to the kubeconfig file (default: $KUBECONFIG or ~/.kube/config).'}),
  context: Flags.string({summary: 'Kubeconfig context to read from (cluster mode).'}),
  namespace: Flags.string({char: 'n', summary: "Namespace to watch (default: the context's namespace)."}),
  'all-namespaces': Flags.boolean({char: 'A', summary: 'Watch every namespace.', default: false}),
}

/** --color/--no-color, for commands that colour their output (src/cli/color.ts decides without it). */
export const colorFlags = {
  color: Flags.boolean({summary: 'Colour the output (default: on a terminal; FORCE_COLOR and NO_COLOR are honoured).', allowNo: true}),
}
