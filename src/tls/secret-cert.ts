import {X509Certificate, createPrivateKey} from 'node:crypto'
import type {Secret} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'

export const TLS_SECRET_TYPE = 'kubernetes.io/tls'

export type SecretCert =
  | {readonly ok: true; readonly cert: string; readonly key: string; readonly x509: X509Certificate}
  | {readonly ok: false; readonly problem: string}

/**
 * The certificate and key of a `kubernetes.io/tls` Secret: `data` values are
 * base64, `stringData` values are plain and win over `data` (the API server
 * merges stringData into data on write). The key must match the certificate.
 * Problems are described without any key material.
 */
export function secretCert(entry: Entry<Secret>): SecretCert {
  const s = entry.object
  const ref = `Secret ${entry.namespace}/${entry.name}`
  if ((s.type ?? 'Opaque') !== TLS_SECRET_TYPE) return {ok: false, problem: `${ref} is of type ${s.type ?? 'Opaque'}, not ${TLS_SECRET_TYPE}`}
  const cert = field(s, 'tls.crt')
  const key = field(s, 'tls.key')
  if (!cert) return {ok: false, problem: `${ref} has no tls.crt`}
  if (!key) return {ok: false, problem: `${ref} has no tls.key`}
  let x509: X509Certificate
  try {
    x509 = new X509Certificate(cert)
  } catch {
    return {ok: false, problem: `${ref}: tls.crt is not a PEM certificate`}
  }
  try {
    if (!x509.checkPrivateKey(createPrivateKey(key))) return {ok: false, problem: `${ref}: tls.key does not belong to the certificate in tls.crt`}
  } catch {
    return {ok: false, problem: `${ref}: tls.key is not a PEM private key`}
  }
  return {ok: true, cert, key, x509}
}

function field(s: Secret, name: string): string | undefined {
  const plain = s.stringData?.[name]
  if (plain) return plain
  const b64 = s.data?.[name]
  if (!b64) return undefined
  return Buffer.from(b64, 'base64').toString('utf8')
}
