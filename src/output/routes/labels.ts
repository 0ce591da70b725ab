import type {Backend, Route} from '../../model/routes.js'
import type {Snapshot} from '../../model/snapshot.js'

export function backendLabel(b: Backend): string {
  if (b.kind === 'resource') return `${b.resourceKind}/${b.name}`
  return `${b.name}:${b.port.number ?? b.port.name ?? '?'}`
}

/** `namespace/name` of every Secret in the snapshot; undefined when it holds none (plain manifests rarely carry Secrets). */
export function knownSecrets(snapshot: Snapshot | undefined): ReadonlySet<string> | undefined {
  if (!snapshot || snapshot.secrets.length === 0) return undefined
  return new Set(snapshot.secrets.map((s) => `${s.namespace}/${s.name}`))
}

/**
 * TLS column: the Secret's name; `self-signed` when TLS is declared without a
 * secretName, or when the snapshot holds Secrets but not this one; `-` without TLS.
 */
export function tlsLabel(route: Route, secrets: ReadonlySet<string> | undefined): string {
  const t = route.tls
  if (!t) return '-'
  if (!t.secretName) return 'self-signed'
  if (secrets && !secrets.has(`${t.secretNamespace}/${t.secretName}`)) return 'self-signed'
  return t.secretName
}

/** ACTIONS column: the kinds of the route's actions (`rewrite,https-redirect,hsts`), `-` when none. */
export function actionsLabel(route: Route): string {
  return route.actions ? route.actions.map((a) => a.type).join(',') : '-'
}
