/**
 * What a matched request becomes, for `match`, `routes` and `diff`: the
 * route's actions run by the evaluator the gateway uses, or the plain proxy
 * outcome (path and Host unchanged) for routes without actions.
 */
import type {Route} from '../model/routes.js'
import {evaluate} from './evaluate.js'
import type {ActionListener, Outcome} from './types.js'

export interface OutcomeRequest {
  readonly scheme?: 'http' | 'https'
  /** Host as the client sends it (port allowed; '' when none). */
  readonly host: string
  /** Path and query, as sent. */
  readonly target: string
  /** The normalised path nginx matches (`$uri`); default: the target's path. */
  readonly path?: string
  readonly method?: string
}

export function requestOutcome(route: Route, req: OutcomeRequest, listener?: ActionListener): Outcome {
  const scheme = req.scheme ?? 'http'
  if (route.actions === undefined) {
    return {type: 'proxy', upstreamPath: req.target, upstreamHost: req.host, headers: [], response: [], acted: []}
  }
  const o = evaluate(route.actions, {method: req.method ?? 'GET', scheme, host: req.host, target: req.target, ...(req.path !== undefined ? {path: req.path} : {})}, listener)
  return o.type === 'proxy' && o.upstreamHost === undefined ? {...o, upstreamHost: req.host} : o
}

/** One line: `proxied as /new?x=1 (Host b.internal)`, `redirected 308 to https://…`, `answered 503`; the Host only when it is not the client's. */
export function outcomeText(o: Outcome, clientHost?: string): string {
  if (o.type === 'redirect') return `redirected ${o.status} to ${o.location}`
  if (o.type === 'respond') return `answered ${o.status} by the gateway`
  return `proxied as ${o.upstreamPath}${o.upstreamHost && o.upstreamHost !== clientHost ? ` (Host ${o.upstreamHost})` : ''}`
}
