import type {Diagnostic} from '../model/diagnostics.js'

/** Any comment that starts `ingressctl-`: known directives are below; others get an `unknown-directive` warning. */
const DIRECTIVE = /#\s*ingressctl-([a-z-]+)(.*)$/

/** Directive → which line it applies to (0: the whole file), from its own 0-based line index. */
const TARGET: Readonly<Record<string, (i: number) => number>> = {
  'disable-next-line': (i) => i + 2,
  'disable-line': (i) => i + 1,
  disable: () => 0,
}

/** The line number meaning "the whole file" in a parseDisableComments map. */
export const WHOLE_FILE = 0

export interface DirectiveProblem {
  readonly line: number
  readonly col: number
  readonly message: string
  readonly hint: string
}

/**
 * Disable comments of one file, eslint-style:
 * `# ingressctl-disable-next-line RULE[, RULE]` (the next line),
 * `# ingressctl-disable-line RULE` (its own line, after the YAML on it),
 * `# ingressctl-disable RULE` (the whole file). Without rule ids: every rule
 * (`*`). Text after ` -- ` is a free-form reason. Returns, per target line
 * (WHOLE_FILE for the file), the rule ids silenced; `isRule` (when given)
 * flags unknown rule ids and unknown directives in `problems`.
 */
export function parseDisableComments(text: string, isRule?: (id: string) => boolean, problems?: DirectiveProblem[]): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>()
  if (!text.includes('ingressctl-')) return out
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    if (!line.includes('ingressctl-')) return
    const m = DIRECTIVE.exec(line)
    if (!m) return
    const col = m.index + 1
    const target = TARGET[m[1]!]
    if (!target) {
      problems?.push({
        line: i + 1,
        col,
        message: `unknown directive ingressctl-${m[1]}`,
        hint: 'use ingressctl-disable-next-line, ingressctl-disable-line or ingressctl-disable (whole file), followed by rule ids',
      })
      return
    }
    const list = m[2]!.split(/\s--\s/)[0]!.trim()
    const ids = list === '' ? ['*'] : list.split(/[\s,]+/).filter(Boolean)
    const at = target(i)
    const set = out.get(at) ?? new Set<string>()
    for (const id of ids) {
      if (id !== '*' && isRule && !isRule(id)) {
        problems?.push({line: i + 1, col, message: `ingressctl-${m[1]}: unknown rule ${id}`, hint: 'use a rule id as shown in brackets in lint output (ingressctl lint --list-rules)'})
        continue
      }
      set.add(id)
    }
    if (set.size) out.set(at, set)
  })
  return out
}

/** Drops the diagnostics that a disable comment silences (matched on file and line of the diagnostic's location). */
export function applyDisableComments(diagnostics: readonly Diagnostic[], commentsByFile: ReadonlyMap<string, Map<number, Set<string>>>): Diagnostic[] {
  if (commentsByFile.size === 0) return [...diagnostics]
  const hit = (set: Set<string> | undefined, rule: string): boolean => set !== undefined && (set.has('*') || set.has(rule))
  return diagnostics.filter((d) => {
    const loc = d.location
    if (!loc) return true
    const m = commentsByFile.get(loc.file)
    if (!m) return true
    return !hit(m.get(loc.line), d.rule) && !hit(m.get(WHOLE_FILE), d.rule)
  })
}
