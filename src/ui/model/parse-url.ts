/** A request to test against the table. */
export interface TestRequest {
  readonly host: string
  /** Path with the query string, as a client sends it. */
  readonly path: string
  /** Set for https:// URLs (http otherwise). */
  readonly scheme?: 'https'
}

/**
 * Parses what the user typed in the URL tester: `http://host/path?q`, `host/path`,
 * or `/path` (then `defaultHost` is used). Returns an error message for anything else.
 */
export function parseTestUrl(text: string, defaultHost: string): TestRequest | {error: string} {
  const t = text.trim()
  if (t === '') return {error: 'type a URL, e.g. http://shop.example.com/cart'}
  let candidate = t
  if (t.startsWith('/')) candidate = `http://${defaultHost}${t}`
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) candidate = `http://${t}`
  let url: URL
  try {
    url = new URL(candidate)
  } catch {
    return {error: `not a URL: ${t}`}
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return {error: `only http and https URLs are routed (got ${url.protocol})`}
  if (!url.hostname) return {error: `no host in ${t}`}
  return {host: url.host, path: `${url.pathname}${url.search}`, ...(url.protocol === 'https:' ? {scheme: 'https' as const} : {})}
}
