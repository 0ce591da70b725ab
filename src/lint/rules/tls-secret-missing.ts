import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnose, ingressTls} from '../helpers.js'
import type {LintRule} from '../types.js'

/** spec.tls[].secretName names a Secret that is not in the input (checked when the input has Secrets). */
const rule: LintRule = {
  id: 'tls-secret-missing',
  severity: 'warning',
  origin: 'lint',
  description: 'A TLS Secret is not in the input (checked when the input contains Secrets)',
  check(ctx) {
    if (ctx.secrets.size === 0) return []
    const out: Diagnostic[] = []
    for (const e of ctx.snapshot.ingresses) {
      for (const t of ingressTls(e)) {
        if (!t.secretName) continue
        const key = `${e.namespace}/${t.secretName}`
        if (ctx.secrets.has(key)) continue
        out.push(
          diagnose(rule, e, [...t.path, 'secretName'], {
            message: `TLS Secret ${key} is not in the input; the controller falls back to its default certificate${t.hosts.length ? ` for ${t.hosts.map((h) => h.host).join(', ')}` : ''}`,
            hint: `Add a kubernetes.io/tls Secret ${t.secretName} in namespace ${e.namespace} (or let cert-manager create it), or fix the name.`,
          }),
        )
      }
    }
    return out
  },
}

export default rule
