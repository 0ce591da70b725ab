import type {RiskLevel} from '../nginx/config.js'
import type {Validator} from './validators.js'

/**
 * How ingressctl treats an annotation:
 * - `emulated`: serve, match, routes and diff behave as the controller does;
 * - `approximated`: applied, with a difference the entry states;
 * - `no-local-effect`: accepted and validated, but it only tunes the controller
 *   (buffers, keep-alive, tracing...): nothing a local request can observe;
 * - `not-supported`: ignored; the warning says what production does instead.
 */
export type AnnotationStatus = 'emulated' | 'approximated' | 'no-local-effect' | 'not-supported'

/** The `difference` of an annotation ingressctl ignores with nothing more to say (the warning leaves it out). */
export const NOT_APPLIED_YET = 'ingressctl does not apply it yet'

/** One annotation a controller documents, and how ingressctl treats it. */
export interface CatalogEntry {
  /** Full key, e.g. `nginx.ingress.kubernetes.io/rewrite-target`. */
  readonly key: string
  /** Documentation group, e.g. `rewrite`, `canary`. */
  readonly family: string
  /** The risk ingress-nginx declares for the annotation (checked against the ConfigMap's `annotations-risk-level`); other controllers declare none. */
  readonly risk?: RiskLevel
  /** The controller's own value check. */
  readonly validator: Validator
  /**
   * The status when no module of the annotation registry (./registry.ts) implements
   * the key; with a module it is `emulated` (or `approximated` when `difference` is set).
   */
  readonly status: Exclude<AnnotationStatus, 'emulated'>
  /** What the controller does with the annotation (one sentence). */
  readonly production: string
  /** What ingressctl does instead (not supported), or how its emulation differs (approximated, or emulated by a module). */
  readonly difference?: string
  /**
   * What the controller's parser does with a value its validator accepted but
   * that it then replaces or refuses (a redirect code out of range, a URL it
   * cannot use); undefined when it uses the value.
   */
  readonly afterValidation?: (value: string) => string | undefined
  /** A difference that remains once a module emulates the annotation (shown in the README). */
  readonly note?: string
  /** Only these values (trimmed, lower case) change behaviour; other values are what ingressctl does anyway. */
  readonly when?: readonly string[]
  /** The key this one is an older name of (e.g. whitelist-source-range → allowlist-source-range). */
  readonly aliasOf?: string
  /** A snippet: raw nginx configuration, refused unless the ConfigMap sets allow-snippet-annotations. */
  readonly snippet?: boolean
}

/** One controller's annotations: its prefix and entries. */
export interface AnnotationCatalog {
  /** e.g. `ingress-nginx`. */
  readonly controller: string
  /** e.g. `nginx.ingress.kubernetes.io/`. */
  readonly prefix: string
  /** Where the controller documents them. */
  readonly reference: string
  /** What the controller does with an Ingress carrying a value its parser refuses. */
  readonly onRejectedValue: string
  readonly entries: readonly CatalogEntry[]
}
