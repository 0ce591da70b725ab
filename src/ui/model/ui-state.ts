import type {Mode} from '../components/footer.js'
import type {UrlResult} from '../components/url-tester.js'

/** Interaction state of the routes UI; the data itself lives in the feed. */
export interface UiState {
  readonly mode: Mode
  readonly filter: string
  /** Id of the selected route, kept across table updates and filtering. */
  readonly selectedId?: string
  /** Index used when the selected route disappears. */
  readonly index: number
  readonly detail: boolean
  readonly urlDraft: string
  readonly urlResult?: UrlResult
  readonly diagTop: number
}

export const INITIAL_UI: UiState = {mode: 'list', filter: '', index: 0, detail: false, urlDraft: '', diagTop: 0}

export type UiAction =
  | {type: 'select'; index: number; id?: string}
  | {type: 'mode'; mode: Mode}
  | {type: 'filter'; filter: string}
  | {type: 'detail'; open: boolean}
  | {type: 'url-draft'; draft: string}
  | {type: 'url-result'; result: UrlResult}
  | {type: 'diag-scroll'; top: number}

export function uiReducer(s: UiState, a: UiAction): UiState {
  switch (a.type) {
    case 'select':
      return {...s, index: a.index, ...(a.id !== undefined ? {selectedId: a.id} : {})}
    case 'mode':
      return {...s, mode: a.mode, ...(a.mode === 'url' ? {urlResult: undefined} : {}), ...(a.mode === 'diagnostics' ? {diagTop: 0} : {})}
    case 'filter':
      return {...s, filter: a.filter}
    case 'detail':
      return {...s, detail: a.open}
    case 'url-draft':
      return {...s, urlDraft: a.draft}
    case 'url-result':
      return {...s, urlResult: a.result}
    case 'diag-scroll':
      return {...s, diagTop: Math.max(0, a.top)}
  }
}

/** Printable characters of a keypress (paste included), control characters removed. */
export function printable(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f]/g, '')
}
