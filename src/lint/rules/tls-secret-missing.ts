import type {Diagnostic} from '../../model/diagnostics.js'
import {diagnose, tlsSecretRefs} from '../helpers.js'
import type {LintRule} from '../types.js'

/** spec.tls[].secretName names a Secret that is not in the input (checked when the input has Secrets). */
const rule: LintRule = {
  id: 'tls-secret-missing',
  severity: 'warning',
  origin: 'lint',
  description: 'A TLS Secret is not in the input (checked when the input contains Secrets)',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const {ingress: e, tls: t, secretName, key, secret} of tlsSecretRefs(ctx)) {
      if (secret) continue
      out.push(
        diagnose(rule, e, [...t.path, 'secretName'], {
          message: `TLS Secret ${key} is not in the input; the controller falls back to its default certificate${t.hosts.length ? ` for ${t.hosts.map((h) => h.host).join(', ')}` : ''}`,
          hint: `Add a kubernetes.io/tls Secret ${secretName} in namespace ${e.namespace} (or let cert-manager create it), or fix the name.`,
        }),
      )
    }
    return out
  },
}

export default rule
