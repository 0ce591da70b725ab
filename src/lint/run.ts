import {readFile} from 'node:fs/promises'
import {Readable} from 'node:stream'
import {readOnce, type SourceOptions} from '../sources/open.js'
import type {Diagnostic} from '../model/diagnostics.js'
import {loadConfig, withFlags} from './config.js'
import {collectDiagnostics, summarize, type LintReport} from './index.js'
import {applyDisableComments, parseDisableComments} from './suppress.js'

const STDIN_NAME = '<stdin>'

export interface LintRunOptions extends Omit<SourceOptions, 'stdin'> {
  readonly ingressClass?: string
  readonly disable?: readonly string[]
  readonly maxWarnings?: number
  /** Where to look for .ingressctl.yaml (and upward). */
  readonly cwd: string
  readonly stdin: NodeJS.ReadableStream
  /** Reference time for certificate expiry; default now. */
  readonly now?: number
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** Disable comments of the files that have diagnostics (files without the directive cost one read). */
async function disableComments(diagnostics: readonly Diagnostic[], stdinText: string | undefined): Promise<Map<string, Map<number, Set<string>>>> {
  const files = new Set<string>()
  for (const d of diagnostics) if (d.location?.file) files.add(d.location.file)
  const out = new Map<string, Map<number, Set<string>>>()
  for (const file of [...files].sort()) {
    let text: string | undefined
    if (file === STDIN_NAME) text = stdinText
    else if (!file.startsWith('cluster://')) text = await readFile(file, 'utf8').catch(() => undefined)
    if (text === undefined) continue
    const comments = parseDisableComments(text)
    if (comments.size) out.set(file, comments)
  }
  return out
}

/** `ingressctl lint`: configuration, one snapshot (files, stdin or a cluster), lint, disable comments. */
export async function runLint(o: LintRunOptions): Promise<LintReport> {
  const config = withFlags(await loadConfig(o.cwd), {disable: o.disable, maxWarnings: o.maxWarnings})
  let stdin = o.stdin
  let stdinText: string | undefined
  // Standard input is read here (not by the loader) to keep its text for disable comments.
  if ((o.files ?? []).includes('-') && !(o.stdin as NodeJS.ReadStream).isTTY) {
    stdinText = await readAll(o.stdin)
    stdin = Readable.from([stdinText])
  }
  const update = await readOnce({...o, stdin}, {allowNothingLoaded: true})
  const list = collectDiagnostics({
    snapshot: update.snapshot,
    loadDiagnostics: update.diagnostics,
    config,
    ...(o.ingressClass !== undefined ? {ingressClass: o.ingressClass} : {}),
    ...(o.controllerConfig !== undefined ? {controllerConfig: o.controllerConfig} : {}),
    now: o.now ?? Date.now(),
  })
  const comments = await disableComments(list, stdinText)
  return summarize(applyDisableComments(list, comments), config)
}
