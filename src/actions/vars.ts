/**
 * nginx variables in annotation values (`return 301 https://new.example$request_uri;`,
 * `rewrite ... /$1 break;`): `$name`, `${name}` and the captures `$1`…`$9`
 * of the last regular expression that matched.
 * Reference: https://nginx.org/en/docs/varindex.html. A variable ingressctl
 * does not know is left as written (nginx would refuse the configuration).
 */

/** Values of the variables for one request. */
export interface VarContext {
  readonly scheme: string
  /** `$http_host`: the Host header as sent. */
  readonly httpHost: string
  /** `$uri`: the current path (after a rewrite). */
  readonly uri: string
  /** `$args`: the current query string without `?`. */
  readonly args: string
  /** `$request_uri`: the original target, path and query. */
  readonly requestUri: string
  readonly method: string
  readonly serverPort: string
  /** Captures of the last regex match (index 1…). */
  readonly captures?: ReadonlyArray<string | undefined>
}

/** `$host`: the Host header's name, lower case, without the port. */
export function hostName(httpHost: string): string {
  if (httpHost.startsWith('[')) {
    const close = httpHost.indexOf(']')
    return (close === -1 ? httpHost : httpHost.slice(0, close + 1)).toLowerCase()
  }
  const colon = httpHost.indexOf(':')
  return (colon === -1 ? httpHost : httpHost.slice(0, colon)).toLowerCase()
}

function variable(name: string, c: VarContext): string | undefined {
  switch (name) {
    case 'scheme':
      return c.scheme
    case 'host':
      return hostName(c.httpHost)
    case 'http_host':
    case 'best_http_host':
      return c.httpHost
    case 'uri':
    case 'document_uri':
      return c.uri
    case 'args':
    case 'query_string':
      return c.args
    case 'is_args':
      return c.args ? '?' : ''
    case 'request_uri':
      return c.requestUri
    case 'request_method':
      return c.method
    case 'server_port':
      return c.serverPort
    default:
      return undefined
  }
}

/** True when `text` holds a `$`. */
export function hasVariables(text: string): boolean {
  return text.includes('$')
}

/** Expands the variables of `text` for one request. */
export function expand(text: string, c: VarContext): string {
  if (!text.includes('$')) return text
  let out = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch
      i++
      continue
    }
    const next = text[i + 1]!
    if (next >= '1' && next <= '9') {
      out += c.captures?.[Number(next)] ?? ''
      i += 2
      continue
    }
    let name: string
    let end: number
    if (next === '{') {
      const close = text.indexOf('}', i + 2)
      if (close === -1) {
        out += ch
        i++
        continue
      }
      name = text.slice(i + 2, close)
      end = close + 1
    } else {
      end = i + 1
      while (end < text.length && /[A-Za-z0-9_]/.test(text[end]!)) end++
      name = text.slice(i + 1, end)
    }
    const v = name === '' ? undefined : variable(name, c)
    if (v === undefined) {
      out += text.slice(i, end === i + 1 ? i + 1 : end)
      i = end === i + 1 ? i + 1 : end
      continue
    }
    out += v
    i = end
  }
  return out
}
