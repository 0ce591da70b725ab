import {X509Certificate} from 'node:crypto'
import type {Secret} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'
import {tlsSecretRefs, type TlsSecretRef} from './helpers.js'
import type {LintContext} from './types.js'

export const TLS_SECRET_TYPE = 'kubernetes.io/tls'

/** A Secret's value for `key`, from data (base64) or stringData (plain), as text. */
export function secretValue(s: Secret, key: string): string | undefined {
  const str = s.stringData?.[key]
  if (typeof str === 'string') return str
  const b64 = s.data?.[key]
  if (typeof b64 === 'string') return Buffer.from(b64, 'base64').toString('utf8')
  return undefined
}

export type ParsedCert = {readonly cert: X509Certificate} | {readonly error: string}

const cache = new WeakMap<Secret, ParsedCert>()

/** The first certificate of the Secret's tls.crt (the leaf), parsed once per Secret object. */
export function secretCertificate(s: Secret): ParsedCert {
  const hit = cache.get(s)
  if (hit) return hit
  let result: ParsedCert
  const pem = secretValue(s, 'tls.crt')
  if (pem === undefined || pem.trim() === '') result = {error: 'tls.crt is missing or empty'}
  else {
    const m = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)
    if (!m) result = {error: 'tls.crt holds no PEM certificate (-----BEGIN CERTIFICATE-----)'}
    else {
      try {
        result = {cert: new X509Certificate(m[0])}
      } catch (err) {
        result = {error: `tls.crt is not a valid certificate: ${(err as Error).message}`}
      }
    }
  }
  cache.set(s, result)
  return result
}

/** DNS names the certificate is valid for: SAN DNS entries, else the subject CN (what checkHost uses). */
export function certificateNames(cert: X509Certificate): string[] {
  const san = cert.subjectAltName
  if (san) {
    const names = san
      .split(/,\s*/)
      .filter((p) => p.startsWith('DNS:'))
      .map((p) => p.slice(4))
    if (names.length) return names
  }
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(cert.subject)
  return cn ? [cn[1]!] : []
}

/**
 * Whether the certificate covers a TLS host of an Ingress, with Node's
 * checkHost (RFC 6125: SAN DNS names, subject CN only without SANs, a `*`
 * matching one whole left-most label). A wildcard TLS host `*.example.com` is
 * covered when any one-label name under example.com is.
 */
export function certificateCovers(cert: X509Certificate, host: string): boolean {
  const probe = host.startsWith('*.') ? `ingressctl-probe${host.slice(1)}` : host
  return cert.checkHost(probe) !== undefined
}

/** The spec.tls entries whose Secret is in the input, of type kubernetes.io/tls, with a certificate that parses. */
export function* tlsCertificates(ctx: LintContext): Generator<TlsSecretRef & {readonly secret: Entry<Secret>; readonly cert: X509Certificate}> {
  for (const ref of tlsSecretRefs(ctx)) {
    const s = ref.secret
    if (!s || (s.object.type ?? 'Opaque') !== TLS_SECRET_TYPE) continue
    const parsed = secretCertificate(s.object)
    if ('cert' in parsed) yield {...ref, secret: s, cert: parsed.cert}
  }
}
