import {compile, type CompileOptions} from '../compiler/index.js'
import {controllerConfigData, type ControllerConfigData} from '../output/route-data.js'
import type {Diagnostic} from '../model/diagnostics.js'
import type {Explanation, TlsBinding} from '../model/routes.js'
import {readOnce, type SourceOptions} from '../sources/open.js'
import type {MatchRequest} from './request.js'

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
  /** The ingress-nginx controller ConfigMap used (or its defaults), when one was found or a route follows ingress-nginx. */
  readonly controllerConfig?: ControllerConfigData
}

/** Reads the sources once, compiles, and explains which route serves the request. */
export async function runMatch(source: SourceOptions, request: MatchRequest, options: CompileOptions = {}): Promise<MatchOutcome> {
  const update = await readOnce(source)
  const table = compile(update.snapshot, options)
  const explanation = table.explain(request.host, request.path)
  const tls = table.tlsFor(explanation.host)
  const winner = explanation.route?.ingress
  const warnings = winner
    ? table.diagnostics.filter((d) => d.severity !== 'info' && d.object?.kind === 'Ingress' && d.object.namespace === winner.namespace && d.object.name === winner.name)
    : []
  const config = controllerConfigData(table)
  return {
    request,
    explanation,
    ...(tls ? {tls} : {}),
    loadErrors: update.diagnostics.filter((d) => d.severity === 'error'),
    excluded: table.diagnostics.filter((d) => d.rule === 'ingress-class-excluded'),
    warnings,
    ...(config ? {controllerConfig: config} : {}),
  }
}
