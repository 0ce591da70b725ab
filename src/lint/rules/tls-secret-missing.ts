import type {Diagnostic} from '../../model/diagnostics.js'
import {certManagerIssuer} from '../cert-manager.js'
import {diagnose, tlsSecretRefs} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * spec.tls[].secretName names a Secret that is not in the input (checked when
 * the input has Secrets). A Secret that cert-manager will create (issuer
 * annotations, ../cert-manager.ts) is only noted, as info.
 */
const rule: LintRule = {
  id: 'tls-secret-missing',
  severity: 'warning',
  origin: 'lint',
  description: 'A TLS Secret is not in the input (checked when the input contains Secrets; info only when cert-manager creates it)',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const {ingress: e, tls: t, secretName, key, secret} of tlsSecretRefs(ctx)) {
      if (secret) continue
      const issued = certManagerIssuer(e)
      if (issued) {
        out.push(
          diagnose({id: rule.id, severity: 'info'}, e, [...t.path, 'secretName'], {
            message: `TLS Secret ${key} is not in the input; cert-manager creates it (${issued.issuer}, from ${issued.annotation})`,
            hint: 'Nothing to do if cert-manager runs in the cluster; until the certificate is issued the controller serves its default certificate.',
          }),
        )
        continue
      }
      out.push(
        diagnose(rule, e, [...t.path, 'secretName'], {
          message: `TLS Secret ${key} is not in the input; the controller falls back to its default certificate${t.hosts.length ? ` for ${t.hosts.map((h) => h.host).join(', ')}` : ''}`,
          hint: `Add a kubernetes.io/tls Secret ${secretName} in namespace ${e.namespace}, let cert-manager create it (annotation cert-manager.io/cluster-issuer), or fix the name.`,
        }),
      )
    }
    return out
  },
}

export default rule
