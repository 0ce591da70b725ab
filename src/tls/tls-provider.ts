import {EventEmitter} from 'node:events'
import {createSecureContext, type SecureContext} from 'node:tls'
import {isIP} from 'node:net'
import type {RouteTable} from '../model/routes.js'
import type {Secret} from '../model/objects.js'
import type {Entry, Snapshot} from '../model/snapshot.js'
import {caDir} from './config-dir.js'
import {DevCA, type IssuedCert} from './dev-ca.js'
import {secretCert} from './secret-cert.js'

/** Where a served certificate came from. */
export type CertOrigin = {readonly kind: 'secret'; readonly secret: string} | {readonly kind: 'dev-ca'; readonly reason: string}

export interface ServedContext {
  readonly context: SecureContext
  readonly origin: CertOrigin
}

export interface TlsProviderEvents {
  /** A Secret that a TLS host names cannot be used (message names the Secret, never key material). */
  warning: [string]
}

export interface TlsProviderOptions {
  /** CA directory (default: the configuration directory's `ca`). */
  readonly caDir?: string
  /** At most this many issued leaf contexts are cached (least recently used dropped). */
  readonly maxCached?: number
}

interface SecretContext {
  readonly ctx?: SecureContext
  readonly covers?: (host: string) => boolean
  readonly problem?: string
}

/**
 * Certificates for the HTTPS port, chosen by SNI server name: the
 * `kubernetes.io/tls` Secret of the TLS binding that covers the name
 * (`table.tlsFor`, wildcards honored), when it exists, is valid and its
 * certificate covers the name (as ingress-nginx does before falling back to its
 * default certificate); otherwise a leaf certificate issued by the local
 * development CA, cached per host, for names the route table serves (rules
 * and TLS entries, wildcards included); any other name gets the default
 * certificate, so made-up SNI names cost no key generation.
 */
export class TlsProvider extends EventEmitter<TlsProviderEvents> {
  readonly ca: DevCA
  /** Certificate for clients that send no SNI (localhost, 127.0.0.1, ::1). */
  readonly defaultCertificate: IssuedCert
  private readonly defaultContext: SecureContext
  private readonly maxCached: number
  private readonly leafs = new Map<string, Promise<SecureContext>>()
  private table: RouteTable | undefined
  private secrets = new Map<string, Entry<Secret>>()
  private secretContexts = new WeakMap<Entry<Secret>, SecretContext>()
  private warned = new Set<string>()
  /** The table's hosts, built on the first handshake after a change. */
  private hostSet: Set<string> | undefined
  private issued = 0

  private constructor(ca: DevCA, defaultCert: IssuedCert, maxCached: number) {
    super()
    this.ca = ca
    this.defaultCertificate = defaultCert
    this.defaultContext = createSecureContext({cert: defaultCert.cert, key: defaultCert.key})
    this.maxCached = maxCached
  }

  static async create(options: TlsProviderOptions = {}): Promise<TlsProvider> {
    const ca = await DevCA.loadOrCreate(options.caDir ?? caDir())
    const defaultCert = await ca.defaultCertificate()
    return new TlsProvider(ca, defaultCert, options.maxCached ?? 1000)
  }

  /** Follows a new table and the snapshot it was compiled from (their Secrets). */
  setState(table: RouteTable, snapshot: Snapshot): void {
    const secrets = new Map<string, Entry<Secret>>()
    for (const e of snapshot.secrets) secrets.set(`${e.namespace}/${e.name}`, e)
    this.table = table
    this.hostSet = undefined
    this.secrets = secrets
    this.warned = new Set()
  }

  /** The context for a TLS handshake with this SNI server name (undefined: no SNI). */
  async contextFor(servername: string | undefined): Promise<ServedContext> {
    const host = normalize(servername)
    if (!host) return {context: this.defaultContext, origin: {kind: 'dev-ca', reason: 'no SNI server name'}}
    const fromSecret = this.secretContext(host)
    if (fromSecret.ctx) return {context: fromSecret.ctx, origin: {kind: 'secret', secret: fromSecret.secret}}
    // Issuing costs an RSA key (~200 ms of CPU): only for names the table serves, never for any
    // name a client makes up. Others get the default certificate, as ingress-nginx presents its
    // default certificate for a name no server block has.
    if (!this.serves(host)) return {context: this.defaultContext, origin: {kind: 'dev-ca', reason: `no rule serves ${host}: the default certificate`}}
    return {context: await this.leaf(host), origin: {kind: 'dev-ca', reason: fromSecret.reason}}
  }

  /** Leaf certificates issued so far (each one an RSA key generated). */
  get issuedCount(): number {
    return this.issued
  }

  /** A rule or a TLS entry of the table names `host`, exactly or by a wildcard (one label, as Ingress wildcards match); a catch-all does not count. */
  private serves(host: string): boolean {
    const table = this.table
    if (!table) return false
    this.hostSet ??= new Set(table.hosts)
    if (this.hostSet.has(host)) return true
    const dot = host.indexOf('.')
    if (dot > 0 && this.hostSet.has(`*${host.slice(dot)}`)) return true
    const binding = table.tlsFor(host)
    return binding !== undefined && binding.host !== '*'
  }

  /** For `tls.createServer({SNICallback})` and the gateway's HTTPS listener. */
  readonly SNICallback = (servername: string, cb: (err: Error | null, ctx?: SecureContext) => void): void => {
    this.contextFor(servername).then(
      (s) => cb(null, s.context),
      (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
    )
  }

  private secretContext(host: string): {ctx: SecureContext; secret: string} | {ctx?: undefined; reason: string} {
    const binding = this.table?.tlsFor(host)
    if (!binding) return {reason: `no TLS entry for ${host}`}
    if (!binding.secretName) return {reason: `the TLS entry for ${binding.host} names no Secret`}
    const key = `${binding.secretNamespace}/${binding.secretName}`
    const entry = this.secrets.get(key)
    if (!entry) return this.unusable(key, `Secret ${key} (TLS for ${binding.host}) is not in the input`)
    let sc = this.secretContexts.get(entry)
    if (!sc) {
      const parsed = secretCert(entry)
      if (parsed.ok) {
        try {
          const ctx = createSecureContext({cert: parsed.cert, key: parsed.key})
          const x509 = parsed.x509
          sc = {ctx, covers: (h) => x509.checkHost(h) !== undefined}
        } catch {
          sc = {problem: `Secret ${key}: tls.crt and tls.key cannot be used together`}
        }
      } else {
        sc = {problem: parsed.problem}
      }
      this.secretContexts.set(entry, sc)
    }
    if (!sc.ctx) return this.unusable(key, sc.problem ?? `Secret ${key} is not usable`)
    if (!sc.covers?.(host)) return this.unusable(`${key}|${host}`, `Secret ${key}: its certificate does not cover ${host}`)
    return {ctx: sc.ctx, secret: key}
  }

  private unusable(key: string, problem: string): {reason: string} {
    if (!this.warned.has(key)) {
      this.warned.add(key)
      this.emit('warning', `${problem}; serving a development CA certificate instead`)
    }
    return {reason: problem}
  }

  /** Never serialize key material. */
  toJSON(): Record<string, string> {
    return {caDir: this.ca.dir}
  }

  private leaf(host: string): Promise<SecureContext> {
    const cached = this.leafs.get(host)
    if (cached) {
      // Refresh its place in the LRU order.
      this.leafs.delete(host)
      this.leafs.set(host, cached)
      return cached
    }
    this.issued++
    const made = this.ca.issue(host).then((c) => createSecureContext({cert: c.cert, key: c.key}))
    made.catch(() => this.leafs.delete(host))
    this.leafs.set(host, made)
    if (this.leafs.size > this.maxCached) {
      const oldest = this.leafs.keys().next().value
      if (oldest !== undefined) this.leafs.delete(oldest)
    }
    return made
  }
}

/** Lower-cased DNS name without a trailing dot; undefined for no name or an IP literal. */
function normalize(servername: string | undefined): string | undefined {
  if (!servername) return undefined
  const h = servername.toLowerCase().replace(/\.$/, '')
  if (!h || isIP(h) !== 0) return undefined
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(h)) return undefined
  return h
}
