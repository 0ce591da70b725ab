import type {Diagnostic} from '../model/diagnostics.js'

const DIRECTIVE = /#\s*ingressctl-disable-next-line\b(.*)$/

/**
 * `# ingressctl-disable-next-line RULE[, RULE]` comments of one file: for each
 * target line (the line after the comment), the rule ids it silences, or `*`
 * for a comment without rule ids (every rule).
 */
export function parseDisableComments(text: string): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>()
  if (!text.includes('ingressctl-disable-next-line')) return out
  const lines = text.split(/\r?\n/)
  lines.forEach((line, i) => {
    const m = DIRECTIVE.exec(line)
    if (!m) return
    // Text after ` -- ` is a free-form reason.
    const list = m[1]!.split(/\s--\s/)[0]!.trim()
    const ids = list === '' ? ['*'] : list.split(/[\s,]+/).filter(Boolean)
    const target = i + 2 // 1-based number of the next line
    const set = out.get(target) ?? new Set<string>()
    for (const id of ids) set.add(id)
    out.set(target, set)
  })
  return out
}

/** Drops the diagnostics that a disable comment silences (matched on file and line of the diagnostic's location). */
export function applyDisableComments(diagnostics: readonly Diagnostic[], commentsByFile: ReadonlyMap<string, Map<number, Set<string>>>): Diagnostic[] {
  if (commentsByFile.size === 0) return [...diagnostics]
  return diagnostics.filter((d) => {
    const loc = d.location
    if (!loc) return true
    const set = commentsByFile.get(loc.file)?.get(loc.line)
    return !set || !(set.has('*') || set.has(d.rule))
  })
}
