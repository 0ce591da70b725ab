import {Box, Text} from 'ink'
import type {Explanation, Route} from '../../model/routes.js'
import {outcomeText, requestOutcome} from '../../actions/outcome.js'
import {backendLabel} from '../model/route-rows.js'
import {clip} from './format.js'
import {Lines, type Line} from './lines.js'

export type UrlResult = {readonly error: string} | {readonly host: string; readonly path: string; readonly scheme?: 'https'; readonly explanation: Explanation}

export interface UrlTesterProps {
  readonly draft: string
  readonly result?: UrlResult
  readonly height: number
  readonly width: number
}

function routeText(r: Route): string {
  const what = r.defaultBackend ? 'default backend' : `${r.host} ${r.path} ${r.pathType}`
  return `${what} (Ingress ${r.ingress.namespace}/${r.ingress.name}) → ${backendLabel(r.backend)}`
}

/** Which route serves a URL and why, from the table's own explain(). */
export function explanationLines(result: UrlResult): Line[] {
  if ('error' in result) return [{text: result.error, color: 'red'}]
  const e = result.explanation
  const out: Line[] = [{text: `request    host ${e.host}  path ${e.path}`, dim: true}]
  if (e.matched && e.route) {
    out.push({text: `✓ served by ${routeText(e.route)}`, color: 'green', bold: true})
    if (e.route.actions) {
      const o = requestOutcome(e.route, {host: result.host, target: result.path, ...(result.scheme ? {scheme: result.scheme} : {})})
      out.push({text: `  ${outcomeText(o, result.host)}${o.acted.length > 0 ? `  (${o.acted.join(', ')})` : ''}`, color: o.type === 'proxy' ? undefined : 'yellow'})
    }
  } else out.push({text: '✗ no route matches: 404', color: 'red', bold: true})
  if (e.steps.length > 0) {
    out.push({text: 'why', bold: true})
    e.steps.forEach((s, i) => out.push({text: `  ${i + 1}. ${s}`}))
  }
  if (e.candidates.length > 0) {
    out.push({text: `lost (${e.candidates.length})`, bold: true})
    for (const c of e.candidates) out.push({text: `  ${routeText(c.route)}: ${c.reason} — ${c.detail}`, dim: true})
  }
  return out
}

export function UrlTester(p: UrlTesterProps) {
  return (
    <Box flexDirection="column" height={p.height}>
      <Text wrap="truncate">
        <Text bold color="cyan">
          URL{' '}
        </Text>
        <Text>{clip(p.draft, Math.max(0, p.width - 5))}</Text>
        <Text inverse> </Text>
      </Text>
      {p.result ? (
        <Lines lines={explanationLines(p.result)} height={Math.max(0, p.height - 1)} width={p.width} />
      ) : (
        <Text dimColor wrap="truncate">
          {clip('type a URL (http://host/path, host/path or /path) and press enter', p.width)}
        </Text>
      )}
    </Box>
  )
}
