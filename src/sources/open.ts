import {UsageError} from '../errors.js'
import {inNamespace} from './namespace-filter.js'
import type {SnapshotSource, SourceUpdate} from './types.js'

/** What a command says about where its objects come from (flags of src/cli/flags.ts). */
export interface SourceOptions {
  readonly files?: readonly string[]
  readonly kubeconfig?: string
  readonly context?: string
  readonly namespace?: string
  readonly allNamespaces?: boolean
  readonly stdin?: NodeJS.ReadableStream
}

/**
 * Cluster mode when a context or kubeconfig is named, or, inside a pod
 * (KUBERNETES_SERVICE_HOST set), when no manifests are given: the pod's service
 * account then reads its own cluster. Files otherwise.
 */
export function isClusterMode(o: SourceOptions, env: NodeJS.ProcessEnv = process.env): boolean {
  if (o.context !== undefined || o.kubeconfig !== undefined) return true
  return (o.files ?? []).length === 0 && !!env.KUBERNETES_SERVICE_HOST
}

/**
 * Fails with a usage error (exit 2) when a command got neither manifests nor a cluster.
 * `pathsHint` says how this command takes paths (e.g. `paths or -f PATH`).
 */
export function requireInput(command: string, o: SourceOptions, pathsHint = '-f PATH', extraHint = ''): void {
  const files = (o.files ?? []).length > 0
  if (files && (o.context !== undefined || o.kubeconfig !== undefined)) {
    throw new UsageError(`${command} reads manifests or a cluster, not both`, `drop the manifests (${pathsHint}) to read the cluster, or drop --context/--kubeconfig to read the files`)
  }
  if (isClusterMode(o) || files) return
  throw new UsageError(`no input: ${command} needs manifests or a cluster`, `pass ${pathsHint} (files, directories, - for stdin) or --context NAME${extraHint}`)
}

/** A live source: watched files, or a watched cluster. */
export async function openSource(o: SourceOptions): Promise<SnapshotSource> {
  if (isClusterMode(o)) {
    const {ClusterSource} = await import('./cluster/cluster-source.js')
    return new ClusterSource({
      kubeconfig: o.kubeconfig,
      context: o.context,
      namespace: o.namespace,
      allNamespaces: o.allNamespaces ?? false,
    })
  }
  const {FileSource} = await import('./file-source.js')
  return new FileSource(o.files ?? [], {stdin: o.stdin, namespace: o.allNamespaces ? undefined : o.namespace})
}

/** One snapshot, no watching: for lint, diff, match and `routes -o`. */
export async function readOnce(o: SourceOptions, opts: {readonly allowNothingLoaded?: boolean} = {}): Promise<SourceUpdate> {
  if (!isClusterMode(o)) {
    const {loadManifests, requireSomethingLoaded} = await import('../loader/index.js')
    const {hasErrors} = await import('../model/diagnostics.js')
    const loaded = await loadManifests(o.files ?? [], {stdin: o.stdin})
    // lint reports parse errors as findings (exit 1); the others have nothing to show without objects (exit 2).
    if (!opts.allowNothingLoaded) requireSomethingLoaded(loaded)
    return {snapshot: inNamespace(loaded.snapshot, o), diagnostics: loaded.diagnostics, partial: hasErrors(loaded.diagnostics)}
  }
  const source = await openSource(o)
  try {
    return await source.start(() => {})
  } finally {
    await source.stop()
  }
}

