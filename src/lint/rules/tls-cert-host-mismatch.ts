import type {Diagnostic} from '../../model/diagnostics.js'
import {TLS_SECRET_TYPE, certificateCovers, certificateNames, secretCertificate} from '../certificates.js'
import {diagnose, ingressTls, locationOf, objectRef, who} from '../helpers.js'
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
    if (ctx.secrets.size === 0) return []
    const out: Diagnostic[] = []
    for (const e of ctx.snapshot.ingresses) {
      for (const t of ingressTls(e)) {
        if (!t.secretName) continue
        const s = ctx.secrets.get(`${e.namespace}/${t.secretName}`)
        if (!s || (s.object.type ?? 'Opaque') !== TLS_SECRET_TYPE) continue
        const parsed = secretCertificate(s.object)
        if (!('cert' in parsed)) continue
        for (const {host, path} of t.hosts) {
          if (certificateCovers(parsed.cert, host)) continue
          const names = certificateNames(parsed.cert)
          out.push(
            diagnose(rule, e, path, {
              message: `TLS host ${host} is not covered by the certificate in Secret ${s.namespace}/${s.name} (it is for ${names.join(', ') || 'no DNS name'})`,
              hint: `Issue a certificate whose subjectAltName includes DNS:${host}, or use the Secret that has one.`,
              related: [{message: who(s), object: objectRef(s), location: locationOf(s, ['data', 'tls.crt'])}],
            }),
          )
        }
      }
    }
    return out
  },
}

export default rule
