import type {ObjectRef} from './diagnostics.js'
import type {Route} from './routes.js'

/** An nginx location's modifier: `=` exact, `` prefix, `^~` prefix without regex search, `~` / `~*` regex (case-sensitive / not). */
export type LocationModifier = '=' | '' | '^~' | '~' | '~*'

/**
 * One location of an ingress-nginx server (host), as the controller writes it
 * in nginx.conf: plain data (a worker thread posts it).
 */
export interface NginxLocation {
  readonly modifier: LocationModifier
  /** The location's path as nginx reads it: the prefix or exact path, or the PCRE regex (`^/foo`). */
  readonly path: string
  /** The route it serves; absent for the server's own `/` location (the default backend). */
  readonly route?: Route
  /** Where it comes from: the path itself, or one of the two locations a Prefix path becomes. */
  readonly origin: 'path' | 'prefix-slash' | 'prefix-exact' | 'server-default'
  /** The regex translated to JavaScript (regex locations only), or why it could not be. */
  readonly regex?: {readonly source: string; readonly flags: string} | {readonly refused: string}
}

/** The locations of one ingress-nginx host, in nginx.conf order. */
export interface NginxServer {
  /** Host key as in Route.host (`foo.com`, `*.foo.com`, `*`). */
  readonly host: string
  /** Every path of the host is a `~*` regex location: an Ingress of the host sets use-regex or rewrite-target. */
  readonly regexMode: boolean
  /** What turned regex mode on (the first such Ingress in the controller's order). */
  readonly regexBecause?: {readonly ingress: ObjectRef; readonly annotation: string}
  readonly locations: ReadonlyArray<NginxLocation>
}

/** The location nginx selected for a request (ingress-nginx hosts only). */
export interface LocationMatch {
  readonly modifier: LocationModifier
  readonly path: string
  /** The JavaScript regex that matched (regex locations), for rewrite-target's $1…: matched against `uri`. */
  readonly regex?: {readonly source: string; readonly flags: string}
  /** Capture groups of that match ($0 first; undefined for a group that did not take part), as subject strings (see pcre.ts toSubject). */
  readonly captures?: ReadonlyArray<string | undefined>
  /** The URI nginx matched: percent-decoded, slashes merged, dot segments resolved, as a subject string. */
  readonly uri: string
  /**
   * nginx answers 301 with `Location: <uri>/` instead (a prefix location
   * `/foo/` served by proxy_pass and a request for `/foo` without an exact location).
   */
  readonly slashRedirect?: boolean
}
