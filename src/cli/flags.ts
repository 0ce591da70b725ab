import {Flags} from '@oclif/core'
import {CONTROLLER_CHOICES} from '../compiler/index.js'
import {parseConfigMapName} from '../compiler/nginx/configmap.js'
import {UsageError} from '../errors.js'

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
  'controller-config': Flags.string({
    summary:
      'The ingress-nginx controller ConfigMap, as NAMESPACE/NAME (default: ingress-nginx/ingress-nginx-controller, else the one labelled app.kubernetes.io/name=ingress-nginx, app.kubernetes.io/component=controller).',
    helpValue: 'NAMESPACE/NAME',
    parse: async (input) => {
      if (!parseConfigMapName(input)) throw new UsageError(`--controller-config ${input}: not NAMESPACE/NAME`, 'name the ConfigMap your ingress-nginx controller reads (its --configmap flag), e.g. --controller-config ingress-nginx/ingress-nginx-controller')
      return input
    },
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
