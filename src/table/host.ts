/**
 * Host header normalization and host-group keys.
 *
 * Kubernetes Ingress (https://kubernetes.io/docs/concepts/services-networking/ingress/#hostname-wildcards):
 * a rule host is matched against the request's Host header; a wildcard host
 * `*.foo.com` matches exactly one extra leftmost DNS label (`bar.foo.com`, not
 * `foo.com`, not `baz.bar.foo.com`); a rule without host matches every host.
 * DNS names are case-insensitive (RFC 4343) and a port in the Host header is
 * not part of the name (RFC 9110 §7.2), so both are dropped before matching,
 * as is a trailing dot (the absolute form `foo.com.` names the same host).
 */

/** Host key of a rule without host (and of TLS entries without hosts). */
export const ANY_HOST = '*'

/**
 * `Foo.COM:8080` → `foo.com`, `[::1]:8080` → `[::1]`, `foo.com.` → `foo.com`.
 * Returns the input itself when it is already normalized (the common case: no allocation).
 */
export function normalizeHost(raw: string): string {
  const n = raw.length
  if (n === 0) return raw
  let needsWork = raw.charCodeAt(n - 1) === 46 /* . */
  if (!needsWork) {
    for (let i = 0; i < n; i++) {
      const c = raw.charCodeAt(i)
      // A-Z, ':' (port or IPv6), '[' (IPv6 literal), whitespace, non-ASCII.
      if ((c >= 65 && c <= 90) || c === 58 || c === 91 || c <= 32 || c >= 127) {
        needsWork = true
        break
      }
    }
  }
  return needsWork ? slowNormalizeHost(raw) : raw
}

function slowNormalizeHost(raw: string): string {
  let h = raw.trim()
  if (h.startsWith('[')) {
    // IPv6 literal: `[::1]` or `[::1]:8080`.
    const close = h.indexOf(']')
    h = close === -1 ? h : h.slice(0, close + 1)
  } else {
    const colon = h.indexOf(':')
    // One colon: host:port. Several colons without brackets is a bare IPv6 address: keep it.
    if (colon !== -1 && h.indexOf(':', colon + 1) === -1) h = h.slice(0, colon)
  }
  h = h.toLowerCase()
  while (h.length > 1 && h.endsWith('.')) h = h.slice(0, -1)
  return h
}

/** `bar.foo.com` → `foo.com` (the key of the `*.foo.com` wildcard group); undefined when there is no parent. */
export function parentDomain(host: string): string | undefined {
  const dot = host.indexOf('.')
  if (dot <= 0 || dot === host.length - 1) return undefined
  return host.slice(dot + 1)
}

export function isWildcardHost(host: string): boolean {
  return host.startsWith('*.')
}

/** Does the rule host `pattern` (`foo.com`, `*.foo.com`, `*`) match the normalized request host? */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === ANY_HOST) return true
  if (isWildcardHost(pattern)) return parentDomain(host) === pattern.slice(2)
  return pattern === host
}

/** 0 exact, 1 wildcard, 2 any host: lower is more specific. */
export function hostSpecificity(pattern: string): number {
  if (pattern === ANY_HOST) return 2
  return isWildcardHost(pattern) ? 1 : 0
}
