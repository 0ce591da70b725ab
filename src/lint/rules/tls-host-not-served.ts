import type {Diagnostic} from '../../model/diagnostics.js'
import type {Ingress} from '../../model/objects.js'
import type {Entry} from '../../model/snapshot.js'
import {diagnose, ingressRuleHosts, ingressTls} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * A spec.tls host that no rule serves. A TLS host h is served when a rule of a
 * served Ingress names h, or a wildcard rule host covers h (`*.example.com`
 * covers `a.example.com`), or, for a wildcard TLS host, a rule host is one label
 * under it; or when the same Ingress has a rule without host or a default
 * backend (those answer every host). Class-excluded and rejected Ingresses
 * serve nothing.
 */
const rule: LintRule = {
  id: 'tls-host-not-served',
  severity: 'warning',
  origin: 'lint',
  description: 'A spec.tls host is not served by any rule',
  check(ctx) {
    const served = ctx.served
    const exact = new Set<string>()
    const wildcard = new Set<string>()
    const parents = new Set<string>()
    for (const e of served) {
      for (const h of ingressRuleHosts(e).keys()) {
        if (h === '') continue
        if (h.startsWith('*.')) wildcard.add(h)
        else {
          exact.add(h)
          const dot = h.indexOf('.')
          if (dot > 0) parents.add(h.slice(dot + 1))
        }
      }
    }
    const out: Diagnostic[] = []
    for (const e of served) {
      const own = ingressRuleHosts(e)
      if (own.has('') || hasDefaultBackend(e)) continue
      for (const t of ingressTls(e)) {
        for (const {host, path} of t.hosts) {
          const isServed = host.startsWith('*.')
            ? wildcard.has(host) || parents.has(host.slice(2))
            : exact.has(host) || (host.includes('.') && wildcard.has(`*${host.slice(host.indexOf('.'))}`))
          if (isServed) continue
          const ruleHosts = [...own.keys()].filter((h) => h !== '').sort()
          out.push(
            diagnose(rule, e, path, {
              message: `TLS host ${host} is not served by any rule${ruleHosts.length ? ` (this Ingress serves ${ruleHosts.join(', ')})` : ''}`,
              hint: `Add a rule for host ${host}, or remove it from spec.tls[${t.index}].hosts (a typo?).`,
            }),
          )
        }
      }
    }
    return out
  },
}

function hasDefaultBackend(e: Entry<Ingress>): boolean {
  const spec = e.object.spec as Record<string, unknown> | undefined
  return !!spec && (spec.defaultBackend != null || spec.backend != null)
}

export default rule
