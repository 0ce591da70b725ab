import {UsageError} from '../../errors.js'

/** One `--map [NAMESPACE/]SERVICE[:PORT]=URL` value, parsed. */
export interface MapEntry {
  /** The flag value as given, for messages. */
  readonly raw: string
  /** Absent: any namespace. */
  readonly namespace?: string
  readonly service: string
  /** Port number or port name; absent: any port of the Service. */
  readonly port?: number | string
  readonly url: URL
  readonly host: string
  readonly targetPort: number
  readonly tls: boolean
}

// Service names are DNS-1035 labels, namespaces DNS-1123 labels (Kubernetes API conventions).
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** IANA_SVC_NAME as the API server validates port names: 1-15 chars, [a-z0-9-], a letter, no leading/trailing/double '-'. */
function isPortName(p: string): boolean {
  return p.length <= 15 && /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(p) && /[a-z]/.test(p) && !p.includes('--')
}

function bad(raw: string, why: string): UsageError {
  return new UsageError(
    `invalid --map value "${raw}": ${why}`,
    'use --map [NAMESPACE/]SERVICE[:PORT]=URL, e.g. --map shop/web:80=http://127.0.0.1:3000',
  )
}

/** Parses and validates one --map value; throws a UsageError naming it. */
export function parseMapFlag(raw: string): MapEntry {
  const eq = raw.indexOf('=')
  if (eq <= 0) throw bad(raw, 'expected SERVICE=URL')
  const key = raw.slice(0, eq).trim()
  const target = raw.slice(eq + 1).trim()

  let namespace: string | undefined
  let rest = key
  const slash = key.indexOf('/')
  if (slash >= 0) {
    namespace = key.slice(0, slash)
    rest = key.slice(slash + 1)
    if (!DNS1123_LABEL.test(namespace) || namespace.length > 63) throw bad(raw, `"${namespace}" is not a valid namespace name`)
  }
  let service = rest
  let port: number | string | undefined
  const colon = rest.indexOf(':')
  if (colon >= 0) {
    service = rest.slice(0, colon)
    const p = rest.slice(colon + 1)
    if (/^\d+$/.test(p)) {
      port = Number(p)
      if (port < 1 || port > 65535) throw bad(raw, `port ${p} is out of range 1-65535`)
    } else if (isPortName(p)) {
      port = p
    } else {
      throw bad(raw, `"${p}" is neither a port number nor a valid port name`)
    }
  }
  if (!DNS1035_LABEL.test(service) || service.length > 63) throw bad(raw, `"${service}" is not a valid Service name`)

  let url: URL
  try {
    url = new URL(target)
  } catch {
    throw bad(raw, `"${target}" is not a URL (e.g. http://127.0.0.1:3000)`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw bad(raw, `URL scheme must be http or https, not ${url.protocol.replace(/:$/, '')}`)
  if (!url.hostname) throw bad(raw, 'the URL has no host')
  if (url.pathname !== '/' || url.search || url.hash) throw bad(raw, 'the URL must not have a path or query (requests keep their own path)')
  if (url.username || url.password) throw bad(raw, 'the URL must not carry credentials')
  const tls = url.protocol === 'https:'
  const targetPort = url.port ? Number(url.port) : tls ? 443 : 80
  // URL keeps IPv6 hosts in brackets; sockets want them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return {raw, ...(namespace !== undefined ? {namespace} : {}), service, ...(port !== undefined ? {port} : {}), url, host, targetPort, tls}
}

export function parseMapFlags(values: readonly string[] | undefined): MapEntry[] {
  return (values ?? []).map(parseMapFlag)
}
