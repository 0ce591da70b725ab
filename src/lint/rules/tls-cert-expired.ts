import type {Diagnostic} from '../../model/diagnostics.js'
import {tlsCertificates} from '../certificates.js'
import {diagnose, locationOf, objectRef, who} from '../helpers.js'
import type {LintRule} from '../types.js'

/** The certificate in a TLS Secret has expired (or is not valid yet) at lint time. */
const rule: LintRule = {
  id: 'tls-cert-expired',
  severity: 'error',
  origin: 'lint',
  description: 'The certificate of a TLS Secret has expired or is not valid yet',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const {ingress: e, tls: t, secret: s, cert} of tlsCertificates(ctx)) {
      const notAfter = Date.parse(cert.validTo)
      const notBefore = Date.parse(cert.validFrom)
      let problem: string | undefined
      if (notAfter < ctx.now) problem = `expired on ${new Date(notAfter).toISOString()}`
      else if (notBefore > ctx.now) problem = `is not valid before ${new Date(notBefore).toISOString()}`
      if (!problem) continue
      out.push(
        diagnose(rule, e, [...t.path, 'secretName'], {
          message: `the certificate in TLS Secret ${s.namespace}/${s.name} ${problem}`,
          hint: 'Renew the certificate and update the Secret (cert-manager renews automatically when it manages the Secret).',
          related: [{message: who(s), object: objectRef(s), location: locationOf(s, ['data', 'tls.crt'])}],
        }),
      )
    }
    return out
  },
}

export default rule
