/**
 * Value checks of ingress-nginx's annotation parsers
 * (internal/ingress/annotations/parser/validators.go and each annotation's
 * main.go in kubernetes/ingress-nginx), written from their documented
 * behaviour. A validator answers undefined when ingress-nginx accepts the
 * value, else what it expects. ingress-nginx does not validate empty values.
 *
 * The character classes are those ingress-nginx allows: `alphaNumericChars` is
 * `-._~a-zA-Z0-9/:`; regex-enabled values also allow `^$[](){}*+?|&=\`; URLs
 * also `,:?&=`. Every string validator also refuses CR and LF (its
 * "malicious string" check).
 */
import {isIPv6} from 'node:net'

export interface Validator {
  /** undefined when valid; else what is wrong (one phrase). */
  check(value: string): string | undefined
  /** What a valid value looks like, for hints and the README. */
  readonly expects: string
}

const ALNUM = String.raw`\-.\_~a-zA-Z0-9\/:`
const REGEX_CHARS = String.raw`\^$\[\](){}*+?|&=\\`
const URL_CHARS = String.raw`,:?&=`

function v(expects: string, check: (value: string) => string | undefined): Validator {
  return {expects, check}
}

/** strconv.ParseBool. */
export const bool = v('a boolean: true or false (also 1, 0, t, f, TRUE, False...)', (s) =>
  /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(s) ? undefined : 'not a boolean',
)

/** Go's strconv.ParseBool, as a value (undefined when not a boolean). */
export function parseGoBool(s: string): boolean | undefined {
  if (/^(1|t|T|TRUE|true|True)$/.test(s)) return true
  if (/^(0|f|F|FALSE|false|False)$/.test(s)) return false
  return undefined
}

/** strconv.Atoi: an optional sign and decimal digits, within 64 bits. */
export const int = v('an integer', (s) => (parseGoInt(s) === undefined ? 'not an integer' : undefined))

export function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined
  const n = BigInt(s)
  if (n > 9223372036854775807n || n < -9223372036854775808n) return undefined
  return Number(n)
}

/** ValidateRegex(re, removeSpace): spaces removed first when asked; CR/LF refused. */
function pattern(re: RegExp, removeSpace: boolean, expects: string): Validator {
  return v(expects, (raw) => {
    const s = removeSpace ? raw.replaceAll(' ', '') : raw
    if (!re.test(s)) return 'has characters or a form ingress-nginx does not accept'
    if (/[\r\n]/.test(s)) return 'contains a line break'
    return undefined
  })
}

/** ValidateOptions(options, caseSensitive, trimSpace). */
function options(list: readonly string[], caseSensitive: boolean, trim = true): Validator {
  return v(`one of ${list.join(', ')}${caseSensitive ? '' : ' (any case)'}`, (raw) => {
    let s = trim ? raw.trim() : raw
    if (!caseSensitive) s = s.toLowerCase()
    return list.includes(s) ? undefined : 'not one of the accepted values'
  })
}

export const basicChars = pattern(new RegExp(`^[/${ALNUM}]*$`), true, 'letters, digits and - . _ ~ / :')
export const extendedChars = pattern(new RegExp(`^[/${ALNUM}, ]*$`), false, 'letters, digits, spaces and - . _ ~ / : ,')
export const charsWithSpace = pattern(new RegExp(`^[/${ALNUM} ]*$`), false, 'letters, digits, spaces and - . _ ~ / :')
export const urlChars = pattern(new RegExp(`^[${ALNUM}${URL_CHARS}]*$`), true, 'a URL of letters, digits and - . _ ~ / : , ? & =')
export const urlCharsKeepSpace = pattern(new RegExp(`^[${ALNUM}${URL_CHARS}]*$`), false, 'a URL of letters, digits and - . _ ~ / : , ? & =')
export const urlWithVariables = pattern(new RegExp(`^[${ALNUM}, ${URL_CHARS}$]*$`), true, 'a URL (nginx variables such as $host allowed)')
export const nginxVariable = pattern(/^[A-Za-z0-9\-_${}]*$/, true, 'letters, digits, - _ and nginx variables ($name, ${name})')
export const regexPathWithCapture = pattern(new RegExp(`^/?[${ALNUM}/$]*$`), false, 'a path such as /app/$1 (letters, digits, - . _ ~ / : and $N captures)')
export const regexPathWithCaptureNoSpace = pattern(new RegExp(`^/?[${ALNUM}/$]*$`), true, 'a path such as /app (letters, digits, - . _ ~ / : and $N captures)')
export const headerList = pattern(/^[A-Za-z0-9\-_, ]*$/, true, 'header names separated by commas')
export const regexChars = pattern(new RegExp(`^[/${ALNUM}${REGEX_CHARS}]*$`), false, 'a regular expression of letters, digits and - . _ ~ / : ^ $ [ ] ( ) { } * + ? | & = \\')

/** Sizes nginx understands: digits with an optional unit b, k, m or g (any case): `8k`, `1m`, `1000`. */
export const size = pattern(/^\d+[bkmg]?$/i, true, 'a size: digits with an optional unit k, m or g (e.g. 8k, 1m)')

/** ValidateServerName: trimmed, regex-enabled characters (`*.example.com`, `~^www\d+\.example\.com$`). */
export const serverName = v('a server name (letters, digits, - . _ ~ / : and regex characters)', (raw) => {
  const s = raw.trim()
  return new RegExp(`^[/${ALNUM}${REGEX_CHARS}]*$`).test(s) ? undefined : 'is not a valid server name'
})

/** ValidateArrayOfServerName: comma-separated server names. */
export const serverNames = v('server names separated by commas', (raw) => {
  for (const name of raw.split(',')) if (serverName.check(name)) return `${JSON.stringify(name.trim())} is not a valid server name`
  return undefined
})

/** ValidateServiceName: a DNS-1035 label (a Service name in the Ingress's namespace). */
export const serviceName = v('a Service name: lower-case letters, digits and -, starting with a letter, at most 63 characters', (s) =>
  s.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(s) ? undefined : 'is not a valid Service name (DNS-1035 label)',
)

function isIPv4(s: string): boolean {
  const parts = s.split('.')
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)
}

function isIP(s: string): boolean {
  return isIPv4(s) || (!s.includes('%') && isIPv6(s))
}

/** net.ParseCIDRs: comma-separated IP addresses and CIDRs (each trimmed). */
export const cidrs = v('IP addresses or CIDRs separated by commas (e.g. 10.0.0.0/8,192.168.1.7)', (raw) => {
  if (raw === '') return undefined
  for (const part of raw.split(',')) {
    const s = part.trim()
    const slash = s.indexOf('/')
    if (slash < 0) {
      if (!isIP(s)) return `${JSON.stringify(s)} is neither an IP address nor a CIDR`
      continue
    }
    const ip = s.slice(0, slash)
    const bits = s.slice(slash + 1)
    const max = isIPv4(ip) ? 32 : isIP(ip) ? 128 : -1
    if (max < 0 || !/^\d+$/.test(bits) || Number(bits) > max) return `${JSON.stringify(s)} is not a valid CIDR`
  }
  return undefined
})

/** CommonNameAnnotationValidator: `CN=` then a regular expression. */
export const commonName = v('CN= followed by a regular expression (e.g. CN=client.example.com)', (s) => {
  if (!s.startsWith('CN=')) return 'does not start with CN='
  try {
    new RegExp(s.slice(3))
  } catch {
    return 'is not followed by a valid regular expression'
  }
  return undefined
})

/** ValidateNull: snippets are not validated at all (the administrator decides whether they are allowed). */
export const anything = v('any text (not validated)', () => undefined)

/**
 * auth-cache-duration as ParseStringToCacheDurations reads it after validation
 * (extendedChars): comma-separated `[CODE...] TIME` entries, e.g.
 * `200 202 10m, 401 30s`. Undefined when every entry is one.
 */
export function cacheDurationProblem(raw: string): string | undefined {
  for (const part of raw.split(',')) {
    const d = part.trim()
    if (d === '') continue
    let seenTime = false
    let ok = true
    for (const el of d.split(' ')) {
      if (el === '') continue
      if (/^\d{3}$/.test(el)) {
        if (seenTime) ok = false
      } else if (/^\d+(ms|s|m|h|d|w|M|y)$/.test(el)) seenTime = true
    }
    if (!ok || !seenTime) return `${JSON.stringify(d)} is not a cache duration`
  }
  return undefined
}

export const backendProtocols = options(['auto_http', 'http', 'https', 'grpc', 'grpcs', 'fcgi'], false)
export const onOff = pattern(/^(on|off)$/, true, 'on or off')
export const onOffOption = options(['on', 'off'], true)
export const authType = pattern(/basic|digest/, true, 'basic or digest')
export const authSecretType = pattern(/auth-file|auth-map/, true, 'auth-file or auth-map')
export const httpMethod = pattern(/^(GET|HEAD|POST|PUT|PATCH|DELETE|CONNECT|OPTIONS|TRACE)$/, true, 'an HTTP method in capitals (GET, POST...)')
export const verifyClient = pattern(/^(on|off|optional|optional_no_ca)$/, true, 'on, off, optional or optional_no_ca')
export const errorPage = pattern(/^(@[A-Za-z0-9_-]+|((https?:\/\/)?[A-Za-z0-9\-.]+(:\d+)?)?(\/[A-Za-z0-9\-_.]+)*\/?)$/, true, 'a URL, path or @location')
export const connectionHeader = pattern(/^(close|keep-alive)$/, true, 'close or keep-alive')
/*
 * The next four are ingress-nginx's regexes with each repeated run made
 * maximal by a lookahead: Go's RE2 matches in linear time, JavaScript's
 * backtracking would take exponential time on a long refused value (nested
 * repetitions). The languages are the same.
 */
export const corsOrigins = pattern(
  /^(((([a-z]+:\/\/)?(\*\.)?[A-Za-z0-9\-.]*(?![A-Za-z0-9\-.])(:\d+(?!\d))?,?)|null)+|\*)?$/,
  true,
  'origins such as https://example.com, https://*.example.com:8443, or *',
)
export const corsMethods = pattern(/^([A-Za-z]+(?![A-Za-z]),?\s?)+$/, true, 'HTTP methods separated by commas')
export const corsExposeHeaders = pattern(/^(([A-Za-z0-9\-_]+(?![A-Za-z0-9\-_])|\*),?\s?)+$/, true, 'header names (or *) separated by commas')
export const httpErrorCodes = pattern(/^(?:[4,5]\d{2},?)*$/, true, '4xx and 5xx status codes separated by commas')
export const fastcgiIndex = pattern(/^[A-Za-z0-9.\-_]+$/, true, 'a file name')
export const loadBalance = options(['round_robin', 'chash', 'chashsubset', 'sticky_balanced', 'sticky_persistent', 'ewma'], true)
export const operationName = pattern(/^[A-Za-z0-9_-]*$/, true, 'letters, digits, _ and -')
export const nextUpstream = pattern(
  /^((error|timeout|invalid_header|http_500|http_502|http_503|http_504|http_403|http_404|http_429|non_idempotent|off)\s?)+$/,
  false,
  'space-separated cases among error, timeout, invalid_header, http_500, http_502, http_503, http_504, http_403, http_404, http_429, non_idempotent, off',
)
export const cookieDomain = pattern(new RegExp(`^(off|[${ALNUM}]+\\s+[${ALNUM}]+)$`), false, 'off, or FROM TO (two domains)')
export const httpVersion = options(['1.0', '1.1'], true)
export const sslProtocols = pattern(/^(TLSv1\.2|TLSv1\.3| )*$/, true, 'TLSv1.2 and/or TLSv1.3')
export const sslCiphersUpstream = pattern(/^[A-Za-z0-9+:_\-!]*$/, true, 'an OpenSSL cipher list')
/** ingress-nginx's `^(?:(?:[A-Za-z0-9!:+\-_])*(?:@STRENGTH)*(?:@SECLEVEL=[0-5])*(?:@STRENGTH)*)*$`: any sequence of those tokens. */
export const sslCiphers = pattern(/^(?:[A-Za-z0-9!:+\-_]|@STRENGTH|@SECLEVEL=[0-5])*$/, true, 'an OpenSSL cipher list')
export const satisfy = options(['any', 'all'], true)
export const affinity = options(['cookie'], true)
export const affinityMode = options(['balanced', 'persistent'], true)
export const affinityCanaryBehavior = options(['sticky', 'legacy'], true)
export const sameSite = options(['none', 'lax', 'strict'], false)
/** affinityCookieExpiresRegex `(^0|-?[1-9]\d*$)`: unanchored alternatives, as ingress-nginx wrote it. */
export const cookieSeconds = pattern(/(^0|-?[1-9]\d*$)/, true, 'a number of seconds')
export const cookieSecondsKeepSpace = pattern(/(^0|-?[1-9]\d*$)/, false, 'a number of seconds')
export const hashBy = pattern(/^[A-Za-z0-9\-_${}]*$/, true, 'an nginx variable expression such as $request_uri or $binary_remote_addr')
