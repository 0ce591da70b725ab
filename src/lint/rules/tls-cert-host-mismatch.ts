import type {Diagnostic} from '../../model/diagnostics.js'
import {certificateCovers, certificateNames, tlsCertificates} from '../certificates.js'
import {diagnose, locationOf, objectRef, who} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * A spec.tls host that the Secret's certificate does not cover (Node's
 * X509Certificate.checkHost: SAN DNS names, or the subject CN without SANs;
 * a certificate wildcard covers one label).
 */
const rule: LintRule = {
  id: 'tls-cert-host-mismatch',
  severity: 'error',
  origin: 'lint',
  description: "A TLS host is not covered by the Secret's certificate (SAN DNS names)",
  check(ctx) {
    const out: Diagnostic[] = []
    for (const {ingress: e, tls: t, secret: s, cert} of tlsCertificates(ctx)) {
      for (const {host, path} of t.hosts) {
        if (certificateCovers(cert, host)) continue
        const names = certificateNames(cert)
        out.push(
          diagnose(rule, e, path, {
            message: `TLS host ${host} is not covered by the certificate in Secret ${s.namespace}/${s.name} (it is for ${names.join(', ') || 'no DNS name'})`,
            hint: `Issue a certificate whose subjectAltName includes DNS:${host}, or use the Secret that has one.`,
            related: [{message: who(s), object: objectRef(s), location: locationOf(s, ['data', 'tls.crt'])}],
          }),
        )
      }
    }
    return out
  },
}

export default rule
