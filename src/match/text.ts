/** `match -o text` (default): the winner, the candidates that lost and why, and the decision steps. */
import {fromSubject} from '../compiler/nginx/pcre.js'
import type {LocationMatch} from '../model/locations.js'
import type {Backend, Route, TlsBinding} from '../model/routes.js'
import type {DiagnosticLocation} from '../model/diagnostics.js'
import {outcomeText} from '../actions/outcome.js'
import {requestPath} from '../table/path.js'
import type {MatchOutcome} from './run.js'

export function renderText(o: MatchOutcome): string {
  const e = o.explanation
  const lines: string[] = []
  const host = e.host === '' ? '(no host)' : e.host
  const sent = requestPath(o.request.path)
  lines.push(`request  ${o.request.scheme ?? 'http'}://${host}${sent}${o.request.hostFrom === 'header' ? '  (host from --header)' : ''}`)
  const n = o.normalized
  if (n.path !== undefined && n.path !== sent) lines.push(`  path     ${n.path}  (normalised as nginx does before matching; sent upstream as written)`)
  if (n.rejected !== undefined) {
    lines.push(`rejected: 400 (nginx refuses this path before routing: ${n.rejected})`)
  } else if (e.matched && e.route) {
    const r = e.route
    lines.push(`matched  Ingress ${r.ingress.namespace}/${r.ingress.name}${at(r.location)}`)
    lines.push(r.defaultBackend ? '  rule     spec.defaultBackend (no rule matched)' : `  rule     host ${r.host}  path ${r.path}  pathType ${r.pathType}`)
    lines.push(`  backend  ${backendText(r.backend)}`)
    lines.push(`  profile  ${r.profile?.name ?? 'spec'} (${r.profile?.reason ?? 'default'})`)
    if (e.location) lines.push(`  location ${locationText(e.location)}`)
    lines.push(`  tls      ${tlsText(o.tls, o.request.scheme)}`)
    if (o.action) {
      lines.push(`  action   ${outcomeText(o.action, o.request.host)}`)
      if (o.action.acted.length > 0) lines.push(`           by ${o.action.acted.join(', ')}`)
    }
  } else {
    lines.push('no route: 404 (no rule matches and no Ingress has a defaultBackend)')
    if (o.request.scheme === 'https') lines.push(`  tls      ${tlsText(o.tls, o.request.scheme)}`)
  }
  if (e.candidates.length > 0) {
    lines.push('', 'candidates that lost:')
    for (const c of e.candidates) {
      lines.push(`  - ${routeLabel(c.route)}  [${c.reason}]${at(c.route.location)}`)
      lines.push(`      ${c.detail}`)
    }
  }
  if (o.warnings.length > 0) {
    lines.push('', 'warnings about this Ingress:')
    for (const d of o.warnings) lines.push(`  - ${d.message}  [${d.rule}]${at(d.location)}`)
  }
  lines.push('', 'decision:')
  e.steps.forEach((s, i) => lines.push(`  ${i + 1}. ${s}`))
  if (o.excluded.length > 0) {
    const names = o.excluded.map((d) => (d.object ? `${d.object.namespace}/${d.object.name}` : '?'))
    lines.push('', `not considered (--ingress-class): ${names.join(', ')}`)
  }
  return `${lines.join('\n')}\n`
}

function locationText(l: LocationMatch): string {
  const label = l.modifier === '~' || l.modifier === '~*' ? `${l.modifier} "${l.path}"` : `${l.modifier === '' ? '' : `${l.modifier} `}${l.path}`
  const uri = fromSubject(l.uri).toString('utf8')
  if (l.slashRedirect) return `${label}: nginx answers 301 with Location ${uri}/ (the URI without its trailing slash)`
  const caps = l.captures && l.captures.length > 1 ? `, captures ${l.captures.slice(1).map((c, i) => `$${i + 1}=${c === undefined ? '(none)' : JSON.stringify(fromSubject(c).toString('utf8'))}`).join(' ')}` : ''
  return `${label} (URI ${JSON.stringify(uri)}${caps})`
}

function at(l: DiagnosticLocation | undefined): string {
  return l ? `  (${l.file}:${l.line}:${l.col})` : ''
}

function routeLabel(r: Route): string {
  if (r.defaultBackend) return `defaultBackend of Ingress ${r.ingress.namespace}/${r.ingress.name}`
  return `Ingress ${r.ingress.namespace}/${r.ingress.name}: host ${r.host} path ${r.path} ${r.pathType}`
}

export function backendText(b: Backend): string {
  if (b.kind === 'resource') return `resource ${b.apiGroup ? `${b.apiGroup}/` : ''}${b.resourceKind} ${b.namespace}/${b.name} (not served by ingressctl)`
  const port = b.port.number ?? b.port.name ?? '?'
  const details: string[] = [b.protocol]
  if (b.servicePort) details.push(`Service port ${b.servicePort.port}${b.servicePort.targetPort !== undefined ? ` → targetPort ${b.servicePort.targetPort}` : ''}`)
  else details.push('Service or port not in the input')
  if (b.externalName) details.push(`ExternalName ${b.externalName}`)
  return `service ${b.namespace}/${b.name}:${port} (${details.join(', ')})`
}

function tlsText(t: TlsBinding | undefined, scheme: string | undefined): string {
  if (!t) return scheme === 'https' ? 'no spec.tls entry covers this host' : 'none'
  const secret = t.secretName ? `Secret ${t.secretNamespace}/${t.secretName}` : 'no secretName (default certificate)'
  return `${secret} for host ${t.host} (Ingress ${t.ingress.namespace}/${t.ingress.name})`
}
