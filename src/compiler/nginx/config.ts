import type {DiagnosticLocation} from '../../model/diagnostics.js'

/** ingress-nginx's `annotations-risk-level` values, lowest first. */
export type RiskLevel = 'Low' | 'Medium' | 'High' | 'Critical'

/**
 * The ingress-nginx controller ConfigMap's settings that change what a
 * request gets, with the controller's defaults where the ConfigMap is silent.
 */
export interface NginxConfig {
  /** The ConfigMap read, or undefined when none was found (controller defaults). */
  readonly source?: {readonly namespace: string; readonly name: string; readonly location?: DiagnosticLocation}
  /** `ssl-redirect` (default true). */
  readonly sslRedirect: boolean
  /** `force-ssl-redirect` (default false). */
  readonly forceSslRedirect: boolean
  /** `hsts` (default true). */
  readonly hsts: boolean
  /** `hsts-max-age` in seconds (default 31536000). */
  readonly hstsMaxAge: number
  /** `hsts-include-subdomains` (default true). */
  readonly hstsIncludeSubdomains: boolean
  /** `hsts-preload` (default false). */
  readonly hstsPreload: boolean
  /** `http-redirect-code`: the status of HTTP to HTTPS redirects (default 308; 301, 302, 307 or 308). */
  readonly httpRedirectCode: number
  /** `use-forwarded-headers` (default false). */
  readonly useForwardedHeaders: boolean
  /** `allow-snippet-annotations` (default false). */
  readonly allowSnippetAnnotations: boolean
  /** `annotations-risk-level` (default High). */
  readonly annotationsRiskLevel: RiskLevel
  /** Every key as written in the ConfigMap, for keys not modelled above. */
  readonly raw: Readonly<Record<string, string>>
}

/** The controller's defaults (no ConfigMap). */
export const NGINX_DEFAULTS: NginxConfig = Object.freeze({
  sslRedirect: true,
  forceSslRedirect: false,
  hsts: true,
  hstsMaxAge: 31536000,
  hstsIncludeSubdomains: true,
  hstsPreload: false,
  httpRedirectCode: 308,
  useForwardedHeaders: false,
  allowSnippetAnnotations: false,
  annotationsRiskLevel: 'High',
  raw: Object.freeze({}),
})
