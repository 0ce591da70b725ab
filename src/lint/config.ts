import {readFile} from 'node:fs/promises'
import {dirname, join, resolve} from 'node:path'
import {CORE_SCHEMA, load} from 'js-yaml'
import {UsageError} from '../errors.js'
import type {Severity} from '../model/diagnostics.js'
import {ruleInfo} from './registry.js'

export const CONFIG_FILE = '.ingressctl.yaml'

export type SeveritySetting = Severity | 'off'

/**
 * Lint settings, from `.ingressctl.yaml` and the command line. Schema of the
 * file's `lint` section (every key optional):
 *
 * ```yaml
 * lint:
 *   disable: [implementation-specific-regex, missing-service]  # rule ids not to report
 *   maxWarnings: 10                                            # exit 1 above this many warnings
 *   severity:                                                  # per-rule severity: error | warning | info | off
 *     path-shadowed: error
 *     tls-missing-for-host: info
 * ```
 * Command-line `--disable` adds to `disable`; `--max-warnings` replaces `maxWarnings`.
 */
export interface LintConfig {
  readonly disable: ReadonlySet<string>
  readonly maxWarnings?: number
  readonly severity: Readonly<Record<string, SeveritySetting>>
  /** The file the settings came from, if any. */
  readonly file?: string
}

export const EMPTY_CONFIG: LintConfig = {disable: new Set(), severity: {}}

/** The nearest `.ingressctl.yaml` from `cwd` up to the file-system root, or undefined. */
export async function findConfigFile(cwd: string): Promise<string | undefined> {
  let dir = resolve(cwd)
  for (;;) {
    const candidate = join(dir, CONFIG_FILE)
    try {
      await readFile(candidate)
      return candidate
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new UsageError(`${candidate}: cannot be read (${code})`, 'Make the configuration file readable, or remove it.')
    }
    const up = dirname(dir)
    if (up === dir) return undefined
    dir = up
  }
}

function checkRule(id: unknown, where: string): string {
  if (typeof id !== 'string' || !ruleInfo(id)) {
    throw new UsageError(`${where}: unknown rule ${JSON.stringify(id)}`, 'List the rule ids with `ingressctl lint --help`; they are the ids shown in brackets in lint output.')
  }
  return id
}

const SEVERITIES = new Set(['error', 'warning', 'info', 'off'])

/** Parses and checks a configuration file's text. Throws UsageError (exit 2) naming the file for anything wrong. */
export function parseConfig(text: string, file: string): LintConfig {
  let doc: unknown
  try {
    // js-yaml: the loader's parser, already loaded (the `yaml` package would add ~25 ms to every lint start).
    doc = load(text, {schema: CORE_SCHEMA})
  } catch (e) {
    throw new UsageError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, 'Fix the YAML syntax of the configuration file.')
  }
  if (doc === null || doc === undefined) return {...EMPTY_CONFIG, file}
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new UsageError(`${file}: must be a mapping with a \`lint\` key`, 'See the schema in the README (lint: {disable, maxWarnings, severity}).')
  const lint = (doc as Record<string, unknown>).lint
  if (lint === undefined || lint === null) return {...EMPTY_CONFIG, file}
  if (typeof lint !== 'object' || Array.isArray(lint)) throw new UsageError(`${file}: lint must be a mapping`, 'Write lint: {disable: [...], maxWarnings: N, severity: {RULE: LEVEL}}.')
  const l = lint as Record<string, unknown>
  for (const key of Object.keys(l)) {
    if (!['disable', 'maxWarnings', 'severity'].includes(key)) throw new UsageError(`${file}: lint.${key}: unknown setting`, 'Known settings: lint.disable, lint.maxWarnings, lint.severity.')
  }
  const disable = new Set<string>()
  if (l.disable !== undefined && l.disable !== null) {
    if (!Array.isArray(l.disable)) throw new UsageError(`${file}: lint.disable must be a list of rule ids`, 'Write lint.disable: [RULE, ...].')
    for (const id of l.disable) disable.add(checkRule(id, `${file}: lint.disable`))
  }
  let maxWarnings: number | undefined
  if (l.maxWarnings !== undefined && l.maxWarnings !== null) {
    if (typeof l.maxWarnings !== 'number' || !Number.isInteger(l.maxWarnings) || l.maxWarnings < 0) {
      throw new UsageError(`${file}: lint.maxWarnings must be a non-negative integer, got ${JSON.stringify(l.maxWarnings)}`, 'Write e.g. lint.maxWarnings: 0.')
    }
    maxWarnings = l.maxWarnings
  }
  const severity: Record<string, SeveritySetting> = {}
  if (l.severity !== undefined && l.severity !== null) {
    if (typeof l.severity !== 'object' || Array.isArray(l.severity)) throw new UsageError(`${file}: lint.severity must be a mapping of rule id to level`, 'Write lint.severity: {RULE: error|warning|info|off}.')
    for (const [id, level] of Object.entries(l.severity as Record<string, unknown>)) {
      checkRule(id, `${file}: lint.severity`)
      if (typeof level !== 'string' || !SEVERITIES.has(level)) {
        throw new UsageError(`${file}: lint.severity.${id}: must be error, warning, info or off, got ${JSON.stringify(level)}`, 'Use one of error, warning, info, off.')
      }
      severity[id] = level as SeveritySetting
    }
  }
  return {disable, ...(maxWarnings !== undefined ? {maxWarnings} : {}), severity, file}
}

/** Finds and reads the configuration from `cwd` upward (none: the empty configuration). */
export async function loadConfig(cwd: string): Promise<LintConfig> {
  const file = await findConfigFile(cwd)
  if (!file) return EMPTY_CONFIG
  return parseConfig(await readFile(file, 'utf8'), file)
}

/** Command-line flags over the file: --disable adds rules, --max-warnings replaces maxWarnings. */
export function withFlags(config: LintConfig, flags: {disable?: readonly string[]; maxWarnings?: number}): LintConfig {
  const disable = new Set(config.disable)
  for (const id of flags.disable ?? []) {
    for (const part of id.split(',')) {
      const trimmed = part.trim()
      if (trimmed) disable.add(checkRule(trimmed, '--disable'))
    }
  }
  const maxWarnings = flags.maxWarnings ?? config.maxWarnings
  return {...config, disable, ...(maxWarnings !== undefined ? {maxWarnings} : {})}
}
