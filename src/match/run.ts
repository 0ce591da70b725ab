import {compile, type CompileOptions} from '../compiler/index.js'
import {controllerConfigData, type ControllerConfigData} from '../output/route-data.js'
import type {Diagnostic} from '../model/diagnostics.js'
import type {Explanation, TlsBinding} from '../model/routes.js'
import {readOnce, type SourceOptions} from '../sources/open.js'
import {normalizeRequestPath, type PathNormalization} from '../table/normalize-path.js'
import {requestPath} from '../table/path.js'
import type {MatchRequest} from './request.js'
import {requestOutcome, slashRedirectOutcome} from '../actions/outcome.js'
import type {Outcome} from '../actions/types.js'

export interface MatchOutcome {
  readonly request: MatchRequest
  /**
   * The request path as nginx normalises it before location selection (what
   * the route is chosen on), or why nginx would answer 400; the target itself
   * (request.path) is what goes upstream.
   */
  readonly normalized: PathNormalization
  readonly explanation: Explanation
  /** The TLS binding for the request host (wildcard-aware), whatever the scheme. */
  readonly tls?: TlsBinding
  /** Load-time errors (files that did not parse): the match ran on what loaded. */
  readonly loadErrors: ReadonlyArray<Diagnostic>
  /** Ingresses --ingress-class left out (`ingress-class-excluded`). */
  readonly excluded: ReadonlyArray<Diagnostic>
  /** The compiler's warnings about the Ingress of the winning route (an annotation not applied, a conflict it won...). */
  readonly warnings: ReadonlyArray<Diagnostic>
  /** The ingress-nginx controller ConfigMap used (or its defaults), when one was found or a route follows ingress-nginx. */
  readonly controllerConfig?: ControllerConfigData
  /** What the request becomes (absent when no route matched: a 404). */
  readonly action?: Outcome
}

/** Reads the sources once, compiles, and explains which route serves the request. */
export async function runMatch(source: SourceOptions, request: MatchRequest, options: CompileOptions = {}): Promise<MatchOutcome> {
  const update = await readOnce(source)
  const table = compile(update.snapshot, options)
  const normalized = normalizeRequestPath(request.path, 'utf8')
  const explanation = normalized.path === undefined ? rejected(request, normalized.rejected) : withNormalization(table.explain(request.host, normalized.path), request.path, normalized.path)
  const tls = table.tlsFor(explanation.host)
  const winner = explanation.route?.ingress
  const warnings = winner
    ? table.diagnostics.filter((d) => d.severity !== 'info' && d.object?.kind === 'Ingress' && d.object.namespace === winner.namespace && d.object.name === winner.name)
    : []
  const config = controllerConfigData(table)
  const route = explanation.matched ? explanation.route : undefined
  const scheme = request.scheme ?? 'http'
  const action =
    route === undefined
      ? undefined
      : explanation.location?.slashRedirect
        ? slashRedirectOutcome(scheme, explanation.host, explanation.location.path, request.path)
        : requestOutcome(route, {host: request.host, target: request.path, scheme, clientIp: request.clientIp, fields: request.fields, ...(request.contentLength !== undefined ? {contentLength: request.contentLength} : {}), ...(normalized.path !== undefined ? {path: normalized.path} : {})})
  return {
    request,
    normalized,
    explanation,
    ...(action ? {action} : {}),
    ...(tls ? {tls} : {}),
    loadErrors: update.diagnostics.filter((d) => d.severity === 'error'),
    excluded: table.diagnostics.filter((d) => d.rule === 'ingress-class-excluded'),
    warnings,
    ...(config ? {controllerConfig: config} : {}),
  }
}

/** The answer when nginx refuses the path (400) before any location is selected. */
function rejected(request: MatchRequest, why: string): Explanation {
  const path = requestPath(request.path)
  return {
    matched: false,
    host: request.host,
    path,
    candidates: [],
    steps: [`path ${JSON.stringify(path)} is refused before routing (nginx answers 400): ${why}`],
  }
}

/** Says first how the path was normalised, when it was. */
function withNormalization(e: Explanation, target: string, normalized: string): Explanation {
  const sent = requestPath(target)
  if (sent === normalized) return e
  return {...e, steps: [`path ${JSON.stringify(sent)} is matched as ${JSON.stringify(normalized)}, normalised as nginx does before location selection (percent-decoding, dot segments, merged slashes); the target goes upstream as sent`, ...e.steps]}
}
