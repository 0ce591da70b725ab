import type {TlsBinding} from '../model/routes.js'
import {ANY_HOST, isWildcardHost, normalizeHost, parentDomain} from './host.js'

/**
 * TLS bindings by server name, wildcard-aware: the exact host first, then the
 * `*.parent` wildcard (one label, as for rules), then the binding without hosts.
 */
export class TlsIndex {
  private readonly exact = new Map<string, TlsBinding>()
  private readonly wildcard = new Map<string, TlsBinding>()
  private any: TlsBinding | undefined

  constructor(bindings: Iterable<TlsBinding>) {
    for (const b of bindings) {
      if (b.host === ANY_HOST) this.any ??= b
      else if (isWildcardHost(b.host)) {
        if (!this.wildcard.has(b.host.slice(2))) this.wildcard.set(b.host.slice(2), b)
      } else if (!this.exact.has(b.host)) this.exact.set(b.host, b)
    }
  }

  /**
   * For an SNI name or Host header, and for a rule host: `*.foo.com` finds the
   * `*.foo.com` binding (its parent is `foo.com`), `*` only the binding without hosts.
   */
  lookup(serverName: string): TlsBinding | undefined {
    const name = normalizeHost(serverName)
    if (!isWildcardHost(name)) {
      const e = this.exact.get(name)
      if (e) return e
    }
    const parent = parentDomain(name)
    if (parent !== undefined) {
      const w = this.wildcard.get(parent)
      if (w) return w
    }
    return this.any
  }
}
