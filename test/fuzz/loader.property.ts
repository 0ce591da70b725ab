/**
 * The loader on random and mutated YAML/JSON: parsing never throws, and every
 * error is a diagnostic with a position (file:line:col inside the text). The
 * compiler then takes whatever loaded without throwing either.
 */
import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import fc from 'fast-check'
import {parseAllDocuments} from 'yaml'
import {compile} from '../../src/compiler/index.js'
import {parseManifests} from '../../src/loader/index.js'
import type {Diagnostic} from '../../src/model/diagnostics.js'
import type {FuzzProperty} from './runs.js'

const root = fileURLToPath(new URL('../../../', import.meta.url))

/** The YAML manifests under fixtures/ (read once), and each as one JSON `kind: List`. */
function seeds(): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name)
      if (statSync(full).isDirectory()) walk(full)
      else if (/\.(ya?ml|json)$/.test(name)) out.push(readFileSync(full, 'utf8'))
    }
  }
  walk(join(root, 'fixtures'))
  const json: string[] = []
  for (const text of out.slice(0, 40)) {
    try {
      const items = parseAllDocuments(text).map((d) => d.toJS())
      json.push(JSON.stringify({apiVersion: 'v1', kind: 'List', items}, null, 2))
    } catch {
      // A fixture that is not valid YAML on purpose is a seed as it is.
    }
  }
  return [...out, ...json].filter((t) => t.length < 20_000)
}

/** Characters that mean something to YAML or JSON, and a few that break text. */
const SIGNIFICANT = [':', '-', ' ', '  ', '\n', '\t', '{', '}', '[', ']', ',', '"', "'", '&a', '*a', '!!str', '!', '#', '|', '>', '%', '@', '`', '?', '---', '...', '<<', '\\', '\r', '\u0000', '\ufeff', '\ud800', 'é', '0x', '1e9', 'null', '~', 'true', '{"', '": ', 'kind: ', 'apiVersion: ', 'metadata:', 'spec:', 'rules:', 'paths:', 'path: ', 'host: ']

type Mutation =
  | {kind: 'insert'; at: number; text: string}
  | {kind: 'delete'; at: number; length: number}
  | {kind: 'duplicate-line'; line: number}
  | {kind: 'swap-lines'; a: number; b: number}
  | {kind: 'truncate'; at: number}
  | {kind: 'indent'; line: number; by: number}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...SIGNIFICANT), fc.string({maxLength: 6}), fc.string({unit: 'binary', maxLength: 4}))}),
  fc.record({kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({min: 1, max: 40})}),
  fc.record({kind: fc.constant('duplicate-line' as const), line: fc.nat()}),
  fc.record({kind: fc.constant('swap-lines' as const), a: fc.nat(), b: fc.nat()}),
  fc.record({kind: fc.constant('truncate' as const), at: fc.nat()}),
  fc.record({kind: fc.constant('indent' as const), line: fc.nat(), by: fc.integer({min: -4, max: 4})}),
)

export function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text
  for (const m of ms) {
    const at = t.length === 0 ? 0 : ('at' in m ? m.at % (t.length + 1) : 0)
    const lines = t.split('\n')
    switch (m.kind) {
      case 'insert':
        t = t.slice(0, at) + m.text + t.slice(at)
        break
      case 'delete':
        t = t.slice(0, at) + t.slice(at + m.length)
        break
      case 'truncate':
        t = t.slice(0, at)
        break
      case 'duplicate-line': {
        const i = m.line % lines.length
        lines.splice(i, 0, lines[i]!)
        t = lines.join('\n')
        break
      }
      case 'swap-lines': {
        const a = m.a % lines.length
        const b = m.b % lines.length
        ;[lines[a], lines[b]] = [lines[b]!, lines[a]!]
        t = lines.join('\n')
        break
      }
      case 'indent': {
        const i = m.line % lines.length
        const l = lines[i]!
        lines[i] = m.by >= 0 ? ' '.repeat(m.by) + l : l.replace(new RegExp(`^ {0,${-m.by}}`), '')
        t = lines.join('\n')
        break
      }
    }
  }
  return t
}

/** Whether d is a diagnostic with a position inside `text` of `file`; a reason when not. */
function badPosition(d: Diagnostic, file: string, text: string): string | undefined {
  const l = d.location
  if (!l) return 'no location'
  if (l.file !== file) return `location file ${l.file}`
  const lines = text.split(/\r\n|\r|\n/).length
  if (!(Number.isInteger(l.line) && l.line >= 1 && l.line <= lines + 1)) return `line ${l.line} of ${lines}`
  if (!(Number.isInteger(l.col) && l.col >= 1)) return `col ${l.col}`
  return undefined
}

export const loaderProperty: FuzzProperty = {
  name: 'loader: random and mutated YAML/JSON never throws; every error has a position',
  weight: 3,
  ciRuns: 300,
  build: async () => {
    const texts = seeds()
    const input = fc.oneof(
      {weight: 6, arbitrary: fc.tuple(fc.nat(texts.length - 1), fc.array(mutation, {minLength: 1, maxLength: 6})).map(([i, ms]) => mutate(texts[i]!, ms))},
      {weight: 1, arbitrary: fc.string({maxLength: 300})},
      {weight: 1, arbitrary: fc.array(fc.constantFrom(...SIGNIFICANT, 'a', 'Ingress', 'v1', '0', '\n  '), {maxLength: 60}).map((a) => a.join(''))},
      {weight: 1, arbitrary: fc.jsonValue({maxDepth: 4}).map((v) => JSON.stringify(v))},
      {weight: 1, arbitrary: fc.jsonValue({maxDepth: 4}).map((v) => JSON.stringify({apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: {name: 'x'}, spec: v}))},
    )
    const property = fc.property(input, fc.constantFrom('in.yaml', 'in.json'), (text, file) => {
      let loaded: ReturnType<typeof parseManifests>
      try {
        loaded = parseManifests(text, file)
      } catch (err) {
        throw new Error(`parseManifests threw: ${(err as Error).stack ?? err}`)
      }
      for (const d of loaded.diagnostics) {
        if (d.severity !== 'error') continue
        const bad = badPosition(d, file, text)
        if (bad) throw new Error(`error diagnostic without a usable position (${bad}): ${d.rule}: ${d.message}`)
      }
      try {
        compile(loaded.snapshot)
      } catch (err) {
        throw new Error(`compile threw on what loaded: ${(err as Error).stack ?? err}`)
      }
      return true
    })
    return {property, close: async () => {}}
  },
}
