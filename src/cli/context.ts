import {loadKubeConfig} from '../sources/cluster/kubeconfig.js'
import type {SourceOptions} from '../sources/open.js'

export interface DefaultedSource {
  readonly source: SourceOptions
  /** The line naming the context taken from the kubeconfig, when one was. */
  readonly note?: string
}

/**
 * kubectl's default for serve, routes and match: given neither manifests nor
 * --context/--kubeconfig, the kubeconfig's current context ($KUBECONFIG, else
 * ~/.kube/config). Without a usable kubeconfig (none, or no current-context)
 * the options are returned unchanged and the command says how to give input.
 * lint and diff never call this: they stay offline unless told otherwise.
 */
export function defaultToCurrentContext(o: SourceOptions, env: NodeJS.ProcessEnv = process.env): DefaultedSource {
  if ((o.files ?? []).length > 0 || o.context !== undefined || o.kubeconfig !== undefined || env.KUBERNETES_SERVICE_HOST) return {source: o}
  let loaded
  try {
    loaded = loadKubeConfig({env, namespace: o.namespace})
  } catch {
    return {source: o}
  }
  if (!loaded.context) return {source: o}
  const ns = o.allNamespaces ? 'all namespaces' : `namespace ${loaded.namespace}`
  return {
    source: {...o, context: loaded.context},
    note: `ingressctl: using the kubeconfig's current context "${loaded.context}" (${loaded.files.join(', ')}; ${ns}); -f PATH reads manifests instead`,
  }
}
