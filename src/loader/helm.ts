/**
 * Helm input. Rendered output (`helm template`) names the chart file each
 * document came from in a `# Source: CHART/templates/FILE.yaml` comment right
 * after the `---`; findings are reported there. An unrendered template (Go
 * template actions `{{ ... }}`) is not a manifest and cannot be linted: it is
 * reported as such, with how to render it.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Diagnostic} from '../model/diagnostics.js'
import {LineIndex} from './line-index.js'

/** A part of a rendered stream: the chart file it came from and its text (line 1 = the first line after the comment). */
export interface HelmPart {
  readonly source: string
  readonly text: string
}

const SOURCE = /^# Source: (\S.*?)\s*$/gm

/**
 * Splits helm output at its `# Source:` comments. Undefined when the text has
 * none. Text before the first comment (rare: NOTES, hooks without a source) is
 * kept as a part of `fallback`.
 */
export function splitHelmSources(text: string, fallback: string): HelmPart[] | undefined {
  SOURCE.lastIndex = 0
  const marks: Array<{source: string; at: number; body: number}> = []
  for (let m = SOURCE.exec(text); m !== null; m = SOURCE.exec(text)) {
    // Only a comment opening a document (after `---` or at the very start) names its source.
    const before = text.slice(Math.max(0, m.index - 5), m.index)
    if (m.index !== 0 && !/---[ \t]*\r?\n$/.test(before)) continue
    const nl = text.indexOf('\n', m.index)
    marks.push({source: m[1]!, at: m.index, body: nl < 0 ? text.length : nl + 1})
  }
  if (marks.length === 0) return undefined
  const parts: HelmPart[] = []
  const head = text.slice(0, marks[0]!.at).replace(/---[ \t]*\r?\n$/, '')
  if (/[^\s-]/.test(head.replace(/^#.*$/gm, ''))) parts.push({source: fallback, text: head})
  marks.forEach((m, i) => {
    const end = i + 1 < marks.length ? marks[i + 1]!.at : text.length
    parts.push({source: m.source, text: text.slice(m.body, end).replace(/---[ \t]*\r?\n$/, '')})
  })
  return parts
}

/**
 * The chart file of a `# Source:` path as seen from `cwd`: helm names it
 * `CHART-NAME/templates/x.yaml` (the chart's name, not its directory), so a
 * chart in the current directory (its Chart.yaml names it) or in `charts/NAME`
 * is found; otherwise the path stays as helm wrote it.
 */
export function helmSourcePath(source: string, cwd: string): string {
  const slash = source.indexOf('/')
  if (slash < 0) return source
  const chart = source.slice(0, slash)
  const rest = source.slice(slash + 1)
  if (existsSync(join(cwd, chart, 'Chart.yaml'))) return source
  if (existsSync(join(cwd, 'charts', chart, 'Chart.yaml'))) return join('charts', source)
  try {
    const name = /^name:\s*["']?([^"'\s#]+)/m.exec(readFileSync(join(cwd, 'Chart.yaml'), 'utf8'))?.[1]
    if (name === chart) return rest
  } catch {
    // no chart here
  }
  return source
}

/** A Go template action, as in Helm templates: `{{ .Values.x }}`, `{{- include ... }}`, `{{ if ... }}`. */
const ACTION = /\{\{-?\s*(?:\.|\$|include\b|if\b|else\b|end\b|range\b|with\b|define\b|template\b|toYaml\b|tpl\b|printf\b|default\b|quote\b|required\b|\/\*)/

/** A diagnostic for a file that is an unrendered Helm template, or undefined when it is not one. */
export function helmTemplateDiagnostic(text: string, file: string): Diagnostic | undefined {
  const m = ACTION.exec(text)
  if (!m) return undefined
  const pos = new LineIndex(text).position(m.index)
  return {
    rule: 'helm-template',
    severity: 'error',
    message: 'this is a Helm template: render it with `helm template` (its objects are not linted)',
    location: {file, line: pos.line, col: pos.col},
    hint: 'lint the rendered chart: `helm template RELEASE CHART-DIR | ingressctl lint -` (findings are reported at the templates named by `# Source:`), or leave the chart directory out of the inputs',
  }
}
