import {renderJson} from './json.js'
import type {MatchOutcome} from './run.js'
import {renderText} from './text.js'

export {parseMatchRequest, type MatchRequest} from './request.js'
export {runMatch, type MatchOutcome} from './run.js'

export const MATCH_FORMATS = ['text', 'json'] as const
export type MatchFormat = (typeof MATCH_FORMATS)[number]

export interface MatchRenderOptions {
  /** Add the losing candidates to machine-readable output. */
  readonly explain?: boolean
}

export const MATCH_RENDERERS: Record<MatchFormat, (o: MatchOutcome, options: MatchRenderOptions) => string> = {
  text: (o) => renderText(o),
  json: (o, options) => renderJson(o, options),
}

/** `file:line:col message`, one per line, for load errors printed to stderr. */
export function formatLoadErrors(o: MatchOutcome): string {
  return o.loadErrors
    .map((d) => `${d.location ? `${d.location.file}:${d.location.line}:${d.location.col}: ` : ''}${d.message}${d.hint ? `\n  hint: ${d.hint}` : ''}\n`)
    .join('')
}
