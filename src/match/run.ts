import {compile} from '../compiler/index.js'
import type {Diagnostic} from '../model/diagnostics.js'
import type {Explanation, TlsBinding} from '../model/routes.js'
import {readOnce, type SourceOptions} from '../sources/open.js'
import type {MatchRequest} from './request.js'
import {requestOutcome} from '../actions/outcome.js'
import type {Outcome} from '../actions/types.js'

export interface MatchOutcome {
  readonly request: MatchRequest
  readonly explanation: Explanation
  /** The TLS binding for the request host (wildcard-aware), whatever the scheme. */
  readonly tls?: TlsBinding
  /** Load-time errors (files that did not parse): the match ran on what loaded. */
  readonly loadErrors: ReadonlyArray<Diagnostic>
  /** Ingresses --ingress-class left out (`ingress-class-excluded`). */
  readonly excluded: ReadonlyArray<Diagnostic>
  /** The compiler's warnings about the Ingress of the winning route (an annotation not applied, a conflict it won...). */
  readonly warnings: ReadonlyArray<Diagnostic>
  /** What the request becomes (absent when no route matched: a 404). */
  readonly action?: Outcome
}

/** Reads the sources once, compiles, and explains which route serves the request. */
export async function runMatch(source: SourceOptions, request: MatchRequest, ingressClass?: string): Promise<MatchOutcome> {
  const update = await readOnce(source)
  const table = compile(update.snapshot, ingressClass ? {ingressClass} : {})
  const explanation = table.explain(request.host, request.path)
  const tls = table.tlsFor(explanation.host)
  const winner = explanation.route?.ingress
  const warnings = winner
    ? table.diagnostics.filter((d) => d.severity === 'warning' && d.object?.kind === 'Ingress' && d.object.namespace === winner.namespace && d.object.name === winner.name)
    : []
  const route = explanation.matched ? explanation.route : undefined
  const action = route ? requestOutcome(route, {host: request.host, target: request.path, ...(request.scheme ? {scheme: request.scheme} : {})}) : undefined
  return {
    request,
    explanation,
    ...(action ? {action} : {}),
    ...(tls ? {tls} : {}),
    loadErrors: update.diagnostics.filter((d) => d.severity === 'error'),
    excluded: table.diagnostics.filter((d) => d.rule === 'ingress-class-excluded'),
    warnings,
  }
}
