/**
 * The value kinds of ingress-nginx annotations, parsed as its parser package
 * does (internal/ingress/annotations/parser/main.go): booleans with Go's
 * strconv.ParseBool (no trimming), integers with strconv.Atoi, strings with
 * each line trimmed and an empty result invalid.
 */
import type {AnnotationDefinition, AnnotationParse} from './types.js'

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/'

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

interface Doc {
  readonly summary: string
  readonly docs: string
  readonly defaultValue?: string
}

function invalid<T>(key: string, raw: string, hint: string, why = ''): AnnotationParse<T> {
  return {
    ok: false,
    problem: {
      rule: 'invalid-annotation',
      message: `${key}: invalid value ${JSON.stringify(raw)}${why ? ` (${why})` : ''}; ingress-nginx ignores it and its default applies`,
      hint,
    },
  }
}

export function boolAnnotation(name: string, doc: Doc): AnnotationDefinition<boolean> {
  const key = NGINX_PREFIX + name
  return {
    key,
    ...doc,
    values: ['true', 'false'],
    parse(raw) {
      if (TRUE.has(raw)) return {ok: true, value: true}
      if (FALSE.has(raw)) return {ok: true, value: false}
      return invalid(key, raw, 'Write "true" or "false" (quoted in YAML).')
    },
  }
}

export function intAnnotation(name: string, doc: Doc & {readonly values: readonly string[]}): AnnotationDefinition<number> {
  const key = NGINX_PREFIX + name
  return {
    key,
    ...doc,
    parse(raw) {
      if (!/^[+-]?\d+$/.test(raw)) return invalid(key, raw, 'Write a whole number, e.g. "308".')
      return {ok: true, value: Number(raw)}
    },
  }
}

/** `check` returns why the (trimmed) value is refused, or undefined. */
export function stringAnnotation(name: string, doc: Doc & {readonly values: readonly string[]; readonly hint?: string}, check?: (v: string) => string | undefined): AnnotationDefinition<string> {
  const key = NGINX_PREFIX + name
  const {hint, ...rest} = doc
  return {
    key,
    ...rest,
    parse(raw) {
      const v = normalizeString(raw)
      if (v === '') return invalid(key, raw, hint ?? 'Give a value or remove the annotation.', 'empty')
      const why = check?.(v)
      if (why) return invalid(key, raw, hint ?? 'See the annotation documentation.', why)
      return {ok: true, value: v}
    },
  }
}

/** Each line trimmed, as ingress-nginx's parser does. */
export function normalizeString(raw: string): string {
  return raw
    .split('\n')
    .map((l) => l.trim())
    .join('\n')
}

/** An http(s) URL, as the redirect annotations require. */
export function httpUrlProblem(v: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(v)
  if (!m || !m[1]!.toLowerCase().startsWith('http')) return 'only http and https URLs are accepted'
  if (/\s/.test(v)) return 'a URL has no spaces'
  return undefined
}
