/**
 * Name and value syntax checks, ported from Kubernetes apimachinery
 * (staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go and
 * pkg/api/validate/content). Each returns the API server's messages; an empty
 * list means valid.
 */

// dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
const DNS1123_LABEL = '[a-z0-9](?:[-a-z0-9]*[a-z0-9])?'
// dns1123SubdomainFmt = dns1123LabelFmt + "(\\." + dns1123LabelFmt + ")*"
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(?:\\.${DNS1123_LABEL})*`
// dns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?"
const DNS1035_LABEL = '[a-z](?:[-a-z0-9]*[a-z0-9])?'

const dns1123LabelRe = new RegExp(`^${DNS1123_LABEL}$`)
const dns1123SubdomainRe = new RegExp(`^${DNS1123_SUBDOMAIN}$`)
const dns1035LabelRe = new RegExp(`^${DNS1035_LABEL}$`)
// wildcardDNS1123SubdomainFmt = "\\*\\." + dns1123SubdomainFmt (RFC 1034 section 4.3.3)
const wildcardDns1123SubdomainRe = new RegExp(`^\\*\\.${DNS1123_SUBDOMAIN}$`)

export const DNS1123_LABEL_MAX = 63
export const DNS1123_SUBDOMAIN_MAX = 253
export const DNS1035_LABEL_MAX = 63

function maxLen(n: number): string {
  return `must be no more than ${n} characters`
}

/** IsDNS1123Subdomain: lower-case RFC 1123 subdomain, at most 253 characters. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = []
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLen(DNS1123_SUBDOMAIN_MAX))
  if (!dns1123SubdomainRe.test(value)) {
    errs.push(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com')",
    )
  }
  return errs
}

/** IsDNS1123Label: lower-case RFC 1123 label, at most 63 characters. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = []
  if (value.length > DNS1123_LABEL_MAX) errs.push(maxLen(DNS1123_LABEL_MAX))
  if (!dns1123LabelRe.test(value)) {
    if (dns1123SubdomainRe.test(value)) errs.push('must not contain dots')
    else
      errs.push(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name' or '123-abc')",
      )
  }
  return errs
}

/** IsDNS1035Label: what a Service name must be (apivalidation.ValidateServiceName = NameIsDNS1035Label). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = []
  if (value.length > DNS1035_LABEL_MAX) errs.push(maxLen(DNS1035_LABEL_MAX))
  if (!dns1035LabelRe.test(value)) {
    errs.push(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name' or 'abc-123')",
    )
  }
  return errs
}

/**
 * IsWildcardDNS1123Subdomain: `*.` followed by a DNS-1123 subdomain. Valid:
 * `*.bar.com`, `*.foo.bar.com`; invalid: `*.*.bar.com`, `*.foo.*.com`, `*bar.com`, `f*.bar.com`, `*`.
 */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = []
  if (value.length > DNS1123_SUBDOMAIN_MAX) errs.push(maxLen(DNS1123_SUBDOMAIN_MAX))
  if (!wildcardDns1123SubdomainRe.test(value)) {
    errs.push(
      "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com')",
    )
  }
  return errs
}

/** IsValidPortNum: 1..65535 inclusive. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : ['must be between 1 and 65535, inclusive']
}

const portNameCharsetRe = /^[-a-z0-9]+$/
const portNameOneLetterRe = /[a-z]/

/**
 * IsValidPortName (IANA_SVC_NAME, RFC 6335): at most 15 characters of
 * [-a-z0-9], at least one letter, no leading/trailing or doubled hyphen.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = []
  if (port.length > 15) errs.push(maxLen(15))
  if (!portNameCharsetRe.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!portNameOneLetterRe.test(port)) errs.push('must contain at least one letter (a-z)')
  if (port.includes('--')) errs.push('must not contain consecutive hyphens')
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen')
  return errs
}

/**
 * content.IsPathSegmentName: may not be `.` or `..`, may not contain `/` or `%`.
 * (Like the original it does not check for empty strings or length.)
 */
export function isPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`]
  const errs: string[] = []
  if (name.includes('/')) errs.push("may not contain '/'")
  if (name.includes('%')) errs.push("may not contain '%'")
  return errs
}

// content.IsLabelKey / IsQualifiedName: [prefix/]name, name at most 63 characters.
const qualifiedNameRe = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/

/** IsQualifiedName, as used for label and annotation keys. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) name = parts[0]!
  else if (parts.length === 2) {
    const prefix = parts[0]!
    name = parts[1]!
    if (prefix.length === 0) errs.push('prefix part must be non-empty')
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`)
  } else {
    return [
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc'), with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]
  }
  if (name.length === 0) errs.push('name part must be non-empty')
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`)
  if (name.length > 0 && !qualifiedNameRe.test(name)) {
    errs.push(
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName', or 'my.name', or '123-abc')",
    )
  }
  return errs
}

/** IsValidLabelValue: empty, or at most 63 characters of the qualified-name alphabet. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = []
  if (value.length > 63) errs.push(maxLen(63))
  if (value.length > 0 && !qualifiedNameRe.test(value)) {
    errs.push(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue', or 'my_value', or '12345')",
    )
  }
  return errs
}

const ipv4SloppyRe = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/

/**
 * True when `value` parses as an IP address the way k8s.io/utils/net.ParseIPSloppy
 * does (Go's net.ParseIP, additionally accepting IPv4 octets with leading zeros).
 * IPv6 zones (`%eth0`) are not IPs for ParseIP.
 */
export function isIPSloppy(value: string): boolean {
  const m = ipv4SloppyRe.exec(value)
  if (m) return m.slice(1).every((o) => Number(o) <= 255)
  if (!value.includes(':') || value.includes('%')) return false
  return isIPv6(value)
}

function isIPv6(value: string): boolean {
  // Go's parseIPv6: hex groups of 1-4 digits, one `::`, optional trailing dotted IPv4.
  let s = value
  let groups = 8
  const lastColon = s.lastIndexOf(':')
  const tail = s.slice(lastColon + 1)
  if (tail.includes('.')) {
    const m = ipv4SloppyRe.exec(tail)
    if (!m || !m.slice(1).every((o) => Number(o) <= 255)) return false
    s = s.slice(0, lastColon + 1) + '0:0'
  }
  const dbl = s.indexOf('::')
  if (dbl !== s.lastIndexOf('::')) return false
  const hex = /^[0-9a-fA-F]{1,4}$/
  if (dbl >= 0) {
    const left = s.slice(0, dbl)
    const right = s.slice(dbl + 2)
    const l = left === '' ? [] : left.split(':')
    const r = right === '' ? [] : right.split(':')
    if (![...l, ...r].every((g) => hex.test(g))) return false
    return l.length + r.length < groups
  }
  const parts = s.split(':')
  groups = parts.length
  return groups === 8 && parts.every((g) => hex.test(g))
}
