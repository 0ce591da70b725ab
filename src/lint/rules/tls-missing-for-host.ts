import type {Diagnostic} from '../../model/diagnostics.js'
import type {FieldPath} from '../../model/source.js'
import type {Entry} from '../../model/snapshot.js'
import type {Ingress} from '../../model/objects.js'
import {diagnose, hostCovers, ingressRuleHosts, ingressTls, relatedAt, who} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * A rule host that another Ingress serves with TLS while this Ingress has no
 * spec.tls entry covering it. TLS is declared per Ingress; whether this
 * Ingress's paths answer on HTTPS with the other Ingress's certificate (or only
 * on HTTP, or with a default certificate) depends on the controller.
 */
const rule: LintRule = {
  id: 'tls-missing-for-host',
  severity: 'warning',
  origin: 'lint',
  description: 'A rule host has TLS in another Ingress but not in this one',
  check(ctx) {
    const served = ctx.served
    const tlsHosts = new Map<string, {e: Entry<Ingress>; path: FieldPath}>()
    for (const e of served) {
      for (const t of ingressTls(e)) for (const h of t.hosts) if (!tlsHosts.has(h.host)) tlsHosts.set(h.host, {e, path: h.path})
    }
    const out: Diagnostic[] = []
    for (const e of served) {
      const own = ingressTls(e)
      if (own.some((t) => t.hosts.length === 0)) continue // an entry without hosts covers every host
      for (const [host, ruleIndex] of ingressRuleHosts(e)) {
        if (host === '') continue
        if (own.some((t) => t.hosts.some((h) => hostCovers(h.host, host)))) continue
        const dot = host.indexOf('.')
        const other = tlsHosts.get(host) ?? (dot > 0 && !host.startsWith('*.') ? tlsHosts.get(`*${host.slice(dot)}`) : undefined)
        if (!other || other.e === e) continue
        out.push(
          diagnose(rule, e, ['spec', 'rules', ruleIndex, 'host'], {
            message: `host ${host} has TLS in ${who(other.e)} but not in this Ingress; whether these paths are served over HTTPS depends on the controller`,
            hint: `Add spec.tls: [{hosts: [${host}], secretName: ...}] to this Ingress (the same Secret as ${who(other.e)} if it is in the same namespace).`,
            related: [relatedAt(other.e, other.path, `TLS for ${host} declared here`)],
          }),
        )
      }
    }
    return out
  },
}

export default rule
