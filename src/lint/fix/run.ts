import {writeFile} from 'node:fs/promises'
import {createTwoFilesPatch} from 'diff'
import type {LoadedMember} from '../../loader/read-sets.js'
import {rootRelative} from '../paths.js'
import {fixText, type FixChange} from './index.js'

export interface FixedFile {
  /** Root-relative name (as in lint output). */
  readonly name: string
  /** Where it is written; undefined for standard input. */
  readonly path?: string
  readonly before: string
  readonly after: string
  readonly changes: readonly FixChange[]
}

/**
 * The fixes of every file read (Helm `# Source:` parts are left alone: the
 * chart's templates are what to change). IngressClass names come from all the
 * inputs.
 */
export function computeFixes(members: readonly LoadedMember[], cwd: string, root: string): FixedFile[] {
  const classes = new Set<string>()
  for (const m of members) for (const e of m.entries) if (e.kind === 'IngressClass') classes.add(e.name)
  const out: FixedFile[] = []
  const seen = new Set<string>()
  for (const m of members) {
    if (seen.has(m.display)) continue // a Helm source split in parts
    const parts = members.filter((x) => x.display === m.display)
    seen.add(m.display)
    if (parts.length > 1) continue
    const fixed = fixText(m.text, {ingressClasses: classes})
    if (fixed.changes.length === 0) continue
    out.push({name: rootRelative(m.display, cwd, root), ...(m.path !== undefined ? {path: m.path} : {}), before: m.text, after: fixed.text, changes: fixed.changes})
  }
  return out
}

/** Writes each fixed file in place. */
export async function writeFixes(files: readonly FixedFile[]): Promise<void> {
  for (const f of files) if (f.path !== undefined) await writeFile(f.path, f.after)
}

/** `git diff`-style unified diff of every fixed file (a/NAME, b/NAME; 3 lines of context). */
export function unifiedDiff(files: readonly FixedFile[]): string {
  return files
    .map((f) => {
      const abs = f.name.startsWith('/') || f.name.startsWith('<')
      return createTwoFilesPatch(abs ? f.name : `a/${f.name}`, abs ? f.name : `b/${f.name}`, f.before, f.after, undefined, undefined, {context: 3}).replace(/^=+\n/, '')
    })
    .join('')
}

/** One line per change: `FILE:LINE: what changed [rule]`. */
export function describeFixes(files: readonly FixedFile[], verb: string): string {
  const lines: string[] = []
  for (const f of files) for (const c of f.changes) lines.push(`${f.name}:${c.line}: ${c.description}  [${c.rule}]`)
  const n = lines.length
  lines.push(`${verb} ${n} change${n === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'}`)
  return `${lines.join('\n')}\n`
}
