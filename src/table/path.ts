/**
 * Path matching as the Kubernetes Ingress documentation defines it
 * (https://kubernetes.io/docs/concepts/services-networking/ingress/#path-types):
 *
 * - Exact: the URL path, case-sensitive, equals the rule path.
 * - Prefix: element-wise on `/`-separated segments; a trailing slash in the rule
 *   is ignored; `/foo` matches `/foo`, `/foo/` and `/foo/bar`, not `/foobar`.
 * - ImplementationSpecific: matched as Prefix by ingressctl.
 *
 * The query string and fragment never take part. The table matches the path
 * it is given; the gateway and `match` give it the request path as nginx
 * normalises it (normalize-path.ts: `/a/../b` is `/b`, `/foo%2Fbar` is
 * `/foo/bar`).
 *
 * Precedence: the longest matching rule path wins, its length taken without a
 * trailing slash; at equal length Exact beats Prefix.
 */
import type {MatchKind, PathType} from '../model/routes.js'

/** ImplementationSpecific is matched as Prefix. */
export function matchKindOf(pathType: PathType): MatchKind {
  return pathType === 'Exact' ? 'Exact' : 'Prefix'
}

/** Request path without query string and fragment; `/` when empty; a leading `/` added when missing. */
export function requestPath(raw: string): string {
  let end = raw.length
  const q = raw.indexOf('?')
  if (q !== -1) end = q
  const h = raw.indexOf('#')
  if (h !== -1 && h < end) end = h
  const p = end === raw.length ? raw : raw.slice(0, end)
  if (p.length === 0) return '/'
  return p.charCodeAt(0) === 47 /* / */ ? p : `/${p}`
}

/** A rule path without one trailing slash (`/foo/` → `/foo`, `/` → ``): what precedence measures. */
export function trimTrailingSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path
}

/** Length used for "longest path wins". */
export function ruleLength(path: string): number {
  return trimTrailingSlash(path).length
}

/** Segments of a Prefix rule path: `/foo/bar/` → ['foo', 'bar'], `/` → []. */
export function prefixSegments(path: string): string[] {
  const t = trimTrailingSlash(path)
  if (t === '') return []
  return (t.startsWith('/') ? t.slice(1) : t).split('/')
}

/** The prefix key two Prefix paths share when they select the same requests (`/foo` and `/foo/`). */
export function prefixKey(path: string): string {
  return trimTrailingSlash(path)
}

/** Reference implementation of element-wise prefix matching (explain and tests; lookup uses the trie). */
export function prefixMatches(rulePath: string, path: string): boolean {
  const rule = prefixSegments(rulePath)
  if (rule.length === 0) return true
  const req = (path.startsWith('/') ? path.slice(1) : path).split('/')
  if (req.length < rule.length) return false
  for (let i = 0; i < rule.length; i++) if (rule[i] !== req[i]) return false
  return true
}

export function pathMatches(matchKind: MatchKind, rulePath: string, path: string): boolean {
  return matchKind === 'Exact' ? rulePath === path : prefixMatches(rulePath, path)
}
