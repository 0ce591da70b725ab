import {X509Certificate, createPrivateKey} from 'node:crypto'
import {chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, closeSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {InputError} from '../errors.js'

export const CA_CERT_FILE = 'ca.crt'
export const CA_KEY_FILE = 'ca.key'
/** The certificate for clients that send no SNI (localhost, 127.0.0.1, ::1), kept beside the CA. */
export const DEFAULT_CERT_FILE = 'localhost.crt'
export const DEFAULT_KEY_FILE = 'localhost.key'
/** A stored default certificate this close to expiry is replaced. */
const DEFAULT_RENEW_DAYS = 30
const CA_COMMON_NAME = 'ingressctl development CA'
/** Ten years: the CA is trusted once by the developer. */
const CA_VALIDITY_DAYS = 3650
/** Leaf certificates stay under the 398-day limit browsers apply to server certificates. */
const LEAF_VALIDITY_DAYS = 397
const DAY_MS = 86_400_000

export interface IssuedCert {
  readonly cert: string
  readonly key: string
}

/**
 * The local development CA: a self-signed CA certificate and its key in the
 * configuration directory (key file mode 0600), created on first use. It signs
 * leaf certificates for hosts that have no usable Secret. The key is kept in a
 * private field and never printed.
 */
export class DevCA {
  readonly dir: string
  readonly certPath: string
  readonly keyPath: string
  readonly certPem: string
  /** True when this process created the CA (first run). */
  readonly created: boolean
  readonly #keyPem: string
  /** Leaf certificates get the CA's key type (selfsigned signs with a key of the leaf's type). */
  readonly #keyType: 'rsa' | 'ec'

  private constructor(dir: string, certPem: string, keyPem: string, created: boolean) {
    this.dir = dir
    this.certPath = join(dir, CA_CERT_FILE)
    this.keyPath = join(dir, CA_KEY_FILE)
    this.certPem = certPem
    this.#keyPem = keyPem
    this.#keyType = createPrivateKey(keyPem).asymmetricKeyType === 'ec' ? 'ec' : 'rsa'
    this.created = created
  }

  /** SHA-256 fingerprint of the CA certificate. */
  get fingerprint(): string {
    return new X509Certificate(this.certPem).fingerprint256
  }

  /** Loads the CA from `dir`, creating it when absent. */
  static async loadOrCreate(dir: string): Promise<DevCA> {
    const existing = DevCA.load(dir)
    if (existing) return existing
    mkdirSync(dir, {recursive: true, mode: 0o700})
    // Two processes starting at once: one creates, the other waits for it.
    const lock = join(dir, '.lock')
    let fd: number | undefined
    for (let i = 0; i < 100 && fd === undefined; i++) {
      try {
        fd = openSync(lock, 'wx', 0o600)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw caError(dir, err)
        if (isStaleLock(lock)) rmSync(lock, {force: true})
        await new Promise((r) => setTimeout(r, 50))
        const made = DevCA.load(dir)
        if (made) return made
      }
    }
    try {
      const made = DevCA.load(dir)
      if (made) return made
      const pems = await (await selfsigned()).generate(
        [
          {name: 'commonName', value: CA_COMMON_NAME},
          {name: 'organizationName', value: 'ingressctl'},
        ],
        {
          // RSA, like most certificates in kubernetes.io/tls Secrets: OpenSSL keeps the default
          // certificate's key-type slot when SNI switches contexts, so the default certificate, the
          // issued leaves and the Secrets should share one key type for SNI to pick the right one.
          keyType: 'rsa',
          keySize: 2048,
          algorithm: 'sha256',
          notBeforeDate: new Date(Date.now() - DAY_MS),
          notAfterDate: new Date(Date.now() + CA_VALIDITY_DAYS * DAY_MS),
          extensions: [
            {name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true},
            {name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true},
          ],
        },
      )
      const keyPath = join(dir, CA_KEY_FILE)
      const certPath = join(dir, CA_CERT_FILE)
      writeFileSync(`${keyPath}.tmp`, pems.private, {mode: 0o600})
      chmodSync(`${keyPath}.tmp`, 0o600)
      renameSync(`${keyPath}.tmp`, keyPath)
      writeFileSync(`${certPath}.tmp`, pems.cert, {mode: 0o644})
      renameSync(`${certPath}.tmp`, certPath)
      return new DevCA(dir, pems.cert, pems.private, true)
    } catch (err) {
      throw caError(dir, err)
    } finally {
      if (fd !== undefined) closeSync(fd)
      rmSync(lock, {force: true})
    }
  }

  /** The CA in `dir`, undefined when it does not exist yet; throws when it exists but is unusable. */
  static load(dir: string): DevCA | undefined {
    let certPem: string
    let keyPem: string
    try {
      certPem = readFileSync(join(dir, CA_CERT_FILE), 'utf8')
      keyPem = readFileSync(join(dir, CA_KEY_FILE), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw caError(dir, err)
    }
    let x509: X509Certificate
    try {
      x509 = new X509Certificate(certPem)
      if (!x509.checkPrivateKey(createPrivateKey(keyPem))) throw new Error('the key does not belong to the certificate')
    } catch (err) {
      throw caError(dir, err)
    }
    if (Date.parse(x509.validTo) < Date.now()) {
      throw new InputError('E_CA', `the development CA in ${dir} expired on ${x509.validTo}`, {
        hint: `delete ${dir} to create a new one (then trust it again: ingressctl cert ca)`,
      })
    }
    return new DevCA(dir, certPem, keyPem, false)
  }

  /**
   * The certificate for clients that send no SNI: read from the CA directory
   * when it is there, signed by this CA, matches its key and has more than 30
   * days left; otherwise issued and stored (key file 0600). Reusing it keeps
   * the certificate library out of a normal start. A directory that cannot be
   * written only costs a new certificate next time.
   */
  async defaultCertificate(): Promise<IssuedCert> {
    const certPath = join(this.dir, DEFAULT_CERT_FILE)
    const keyPath = join(this.dir, DEFAULT_KEY_FILE)
    try {
      const cert = readFileSync(certPath, 'utf8')
      const key = readFileSync(keyPath, 'utf8')
      const x = new X509Certificate(cert)
      const ca = new X509Certificate(this.certPem)
      const usable = x.checkIssued(ca) && x.verify(ca.publicKey) && x.checkPrivateKey(createPrivateKey(key)) && Date.parse(x.validTo) - Date.now() > DEFAULT_RENEW_DAYS * DAY_MS
      if (usable) return {cert, key}
    } catch {
      // Absent or unreadable: issue a new one below.
    }
    const issued = await this.issue(undefined)
    try {
      writeFileSync(`${keyPath}.tmp`, issued.key, {mode: 0o600})
      chmodSync(`${keyPath}.tmp`, 0o600)
      renameSync(`${keyPath}.tmp`, keyPath)
      writeFileSync(`${certPath}.tmp`, issued.cert, {mode: 0o644})
      renameSync(`${certPath}.tmp`, certPath)
    } catch {
      // Read-only configuration directory: serve with the certificate just issued.
    }
    return issued
  }

  /** Issues a leaf certificate for `host` (a DNS name) or, without a host, for localhost and the loopback addresses. */
  async issue(host: string | undefined): Promise<IssuedCert> {
    const name = host ?? 'localhost'
    const altNames: Array<{type: 2; value: string} | {type: 7; ip: string}> = [{type: 2, value: name}]
    if (!host) altNames.push({type: 7, ip: '127.0.0.1'}, {type: 7, ip: '::1'})
    const pems = await (await selfsigned()).generate([{name: 'commonName', value: name}], {
      keyType: this.#keyType,
      ...(this.#keyType === 'rsa' ? {keySize: 2048} : {}),
      algorithm: 'sha256',
      ca: {key: this.#keyPem, cert: this.certPem},
      // Back-dated an hour for clock skew between processes and containers.
      notBeforeDate: new Date(Date.now() - 3_600_000),
      notAfterDate: new Date(Date.now() + LEAF_VALIDITY_DAYS * DAY_MS),
      extensions: [
        {name: 'basicConstraints', cA: false, critical: true},
        {name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true},
        {name: 'extKeyUsage', serverAuth: true},
        {name: 'subjectAltName', altNames},
      ],
    })
    return {cert: pems.cert, key: pems.private}
  }

  toJSON(): Record<string, string> {
    return {dir: this.dir, certPath: this.certPath}
  }
}

function isStaleLock(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > 30_000
  } catch {
    return false
  }
}

function caError(dir: string, err: unknown): InputError {
  const why = err instanceof Error ? err.message : String(err)
  return new InputError('E_CA', `cannot use the development CA in ${dir}: ${why}`, {
    hint: `check the permissions of ${dir}, or delete it to create a new CA (set INGRESSCTL_CONFIG_DIR to use another directory)`,
  })
}

/**
 * selfsigned (and the X.509 and ASN.1 libraries under it, ~16 MB resident) is
 * loaded on first use: only when the CA is created or a certificate is issued,
 * not by every gateway start.
 */
let loading: Promise<typeof import('selfsigned')> | undefined
function selfsigned(): Promise<typeof import('selfsigned')> {
  return (loading ??= import('selfsigned'))
}
