import type {Diagnostic} from '../../model/diagnostics.js'
import {TLS_SECRET_TYPE, secretCertificate} from '../certificates.js'
import {diagnose, ingressTls, locationOf, objectRef, who} from '../helpers.js'
import type {LintRule} from '../types.js'

/** The certificate in a TLS Secret has expired (or is not valid yet) at lint time. */
const rule: LintRule = {
  id: 'tls-cert-expired',
  severity: 'error',
  origin: 'lint',
  description: 'The certificate of a TLS Secret has expired or is not valid yet',
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
        const notAfter = Date.parse(parsed.cert.validTo)
        const notBefore = Date.parse(parsed.cert.validFrom)
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
    }
    return out
  },
}

export default rule
