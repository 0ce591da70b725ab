/**
 * Reads inputs for set-wise linting (./sets.ts): each input expanded and
 * parsed on its own, each file's text kept (disable comments, --fix), Helm
 * output split at its `# Source:` comments, unrendered Helm templates reported
 * instead of parsed.
 */
import {InputError} from '../errors.js'
import type {Diagnostic} from '../model/diagnostics.js'
import type {Entry} from '../model/snapshot.js'
import {helmSourcePath, helmTemplateDiagnostic, splitHelmSources} from './helm.js'
import {expandInputs, readInputFile, STDIN, type InputFile} from './inputs.js'
import {parseFile} from './parse.js'
import type {SetInput, SetMember} from './sets.js'

export interface LoadedMember extends SetMember {
  /** The text the member's positions refer to. */
  readonly text: string
  /** The file on disk it was read from (undefined for stdin and Helm parts): --fix writes there. */
  readonly path?: string
  /** Parse errors of this member (reported once, whatever the sets). */
  readonly diagnostics: readonly Diagnostic[]
  readonly documents: number
}

export interface ReadSetsOptions {
  readonly stdin?: NodeJS.ReadableStream
  /** Name for standard input (--stdin-filename); default `<stdin>`. */
  readonly stdinName?: string
  /** Where Helm `# Source:` paths are looked up. */
  readonly cwd: string
  readonly defaultNamespace?: string
}

function member(text: string, display: string, path: string | undefined, ns: string): LoadedMember {
  const helm = helmTemplateDiagnostic(text, display)
  if (helm) return {display, text, ...(path !== undefined ? {path} : {}), entries: [], diagnostics: [helm], documents: 1}
  const parsed = parseFile(text, display, ns)
  return {display, text, ...(path !== undefined ? {path} : {}), entries: parsed.entries, diagnostics: parsed.diagnostics, documents: parsed.documents}
}

function membersOf(f: InputFile, text: string, o: ReadSetsOptions): LoadedMember[] {
  const ns = o.defaultNamespace ?? 'default'
  const display = f.real === STDIN ? (o.stdinName ?? STDIN) : f.display
  const parts = splitHelmSources(text, display)
  if (!parts) return [member(text, display, f.real === STDIN ? undefined : f.display, ns)]
  return parts.map((p) => member(p.text, p.source === display ? display : helmSourcePath(p.source, o.cwd), undefined, ns))
}

/** Reads every input (InputError for a missing path, an empty directory, or nothing at all to read). */
export async function readSetInputs(inputs: readonly string[], o: ReadSetsOptions): Promise<SetInput<LoadedMember>[]> {
  if (inputs.length === 0) await expandInputs(inputs) // throws E_NO_INPUT
  const seen = new Set<string>()
  const out: SetInput<LoadedMember>[] = []
  let documents = 0
  const names: string[] = []
  for (const input of inputs) {
    const files = await expandInputs([input])
    const members: LoadedMember[] = []
    for (const f of files) {
      if (seen.has(f.real)) continue
      seen.add(f.real)
      names.push(f.display)
      const text = await readInputFile(f, o.stdin)
      for (const m of membersOf(f, text, o)) {
        documents += m.documents
        members.push(m)
      }
    }
    const directory = input !== '-' && files.length > 0 && !(files.length === 1 && files[0]!.display === input)
    out.push({input, directory, members})
  }
  if (documents === 0) {
    throw new InputError('E_EMPTY', names.length === 1 ? 'no YAML or JSON documents' : `no YAML or JSON documents in ${names.length} inputs (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''})`, {
      hint: 'the input is empty: check the path, or whether the command producing it (helm template, kustomize build) failed',
      location: names.length === 1 ? (names[0] === STDIN ? (o.stdinName ?? STDIN) : names[0]) : undefined,
    })
  }
  return out
}

export type {Entry}
