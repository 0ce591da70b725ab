import type {Diagnostic} from '../../model/diagnostics.js'
import {TLS_SECRET_TYPE, secretCertificate, secretValue} from '../certificates.js'
import {diagnose, locationOf, objectRef, tlsSecretRefs, who} from '../helpers.js'
import type {LintRule} from '../types.js'

/**
 * A TLS Secret must be of type kubernetes.io/tls with tls.crt and tls.key
 * (https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets), and
 * tls.crt must hold a PEM certificate.
 */
const rule: LintRule = {
  id: 'tls-secret-wrong-type',
  severity: 'error',
  origin: 'lint',
  description: 'A TLS Secret is not of type kubernetes.io/tls with tls.crt and tls.key holding a PEM certificate',
  check(ctx) {
    const out: Diagnostic[] = []
    for (const {ingress: e, tls: t, secret: s} of tlsSecretRefs(ctx)) {
      if (!s) continue
      const problems: string[] = []
      const type = s.object.type ?? 'Opaque'
      if (type !== TLS_SECRET_TYPE) problems.push(`its type is ${type}, not ${TLS_SECRET_TYPE}`)
      const missing = ['tls.crt', 'tls.key'].filter((k) => secretValue(s.object, k) === undefined)
      if (missing.length) problems.push(`it has no ${missing.join(' and ')}`)
      else {
        const parsed = secretCertificate(s.object)
        if ('error' in parsed) problems.push(parsed.error)
      }
      if (problems.length === 0) continue
      out.push(
        diagnose(rule, e, [...t.path, 'secretName'], {
          message: `TLS Secret ${s.namespace}/${s.name} cannot serve TLS: ${problems.join('; ')}`,
          hint: `Recreate it with \`kubectl create secret tls ${s.name} -n ${s.namespace} --cert=FILE --key=FILE\` (type ${TLS_SECRET_TYPE}, keys tls.crt and tls.key).`,
          related: [{message: who(s), object: objectRef(s), location: locationOf(s, type !== TLS_SECRET_TYPE ? ['type'] : ['data'])}],
        }),
      )
    }
    return out
  },
}

export default rule
