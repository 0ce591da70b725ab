/**
 * TLS bindings from spec.tls (https://kubernetes.io/docs/concepts/services-networking/ingress/#tls):
 * each host listed in spec.tls[].hosts is served with spec.tls[].secretName,
 * a Secret in the Ingress's namespace. An entry without hosts applies to every
 * host (`*`). When two Ingresses bind one host to different Secrets, the oldest
 * Ingress wins (as for rules) and the compiler warns.
 */
import type {Diagnostic} from '../model/diagnostics.js'
import type {TlsBinding} from '../model/routes.js'
import {ANY_HOST} from '../table/host.js'
import type {NormalizedIngress} from './convert.js'
import {formatLocation, ingressLabel, ingressRef, locationOf} from './where.js'

/** `ingresses` in precedence order (oldest first). Returns bindings sorted by host. */
export function buildTlsBindings(ingresses: readonly NormalizedIngress[]): {bindings: TlsBinding[]; diagnostics: Diagnostic[]} {
  const byHost = new Map<string, TlsBinding>()
  const diagnostics: Diagnostic[] = []
  for (const n of ingresses) {
    const e = n.entry
    for (const t of n.tls) {
      const hosts = t.hosts.length > 0 ? t.hosts.map((h, j) => ({host: h, field: ['spec', 'tls', t.index, 'hosts', j]})) : [{host: ANY_HOST, field: ['spec', 'tls', t.index]}]
      for (const {host, field} of hosts) {
        const binding: TlsBinding = Object.freeze({
          host,
          secretNamespace: e.namespace,
          ...(t.secretName ? {secretName: t.secretName} : {}),
          ingress: ingressRef(e),
          location: locationOf(e, field),
        })
        const cur = byHost.get(host)
        if (!cur) {
          byHost.set(host, binding)
          continue
        }
        if (cur.secretNamespace === binding.secretNamespace && cur.secretName === binding.secretName) continue
        diagnostics.push({
          rule: 'tls-conflict',
          severity: 'warning',
          message: `${ingressLabel(e)}: TLS host ${host} is bound to ${secretLabel(binding)}, but Ingress ${cur.ingress.namespace}/${cur.ingress.name} (${formatLocation(cur.location)}) binds it to ${secretLabel(cur)} and wins as the older Ingress`,
          object: ingressRef(e),
          location: binding.location,
          hint: `Use one Secret for ${host} in every Ingress that lists it, or remove ${host} from one spec.tls.`,
          related: [{message: `${secretLabel(cur)} is used for ${host}`, object: cur.ingress, ...(cur.location ? {location: cur.location} : {})}],
        })
      }
    }
  }
  const bindings = [...byHost.values()].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))
  return {bindings, diagnostics}
}

function secretLabel(b: TlsBinding): string {
  return b.secretName ? `Secret ${b.secretNamespace}/${b.secretName}` : 'the default certificate (no secretName)'
}
