import type {CompilerRuleId} from '../rules.js'

/** What is wrong with an annotation's value; the compiler turns it into a warning at the annotation. */
export interface AnnotationProblem {
  readonly rule: Extract<CompilerRuleId, 'invalid-annotation' | 'unsupported-annotation-value'>
  readonly message: string
  readonly hint: string
}

export type AnnotationParse<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly problem: AnnotationProblem}

/**
 * One supported annotation: its key, what it does, and how its value is
 * parsed and validated. One module per annotation; registered in registry.ts.
 */
export interface AnnotationDefinition<T = unknown> {
  readonly key: string
  /** One line for `--help`-style listings. */
  readonly summary: string
  /** Accepted values, for documentation. */
  readonly values: readonly string[]
  readonly defaultValue?: string
  /** Longer description (Markdown), with the reference it follows. */
  readonly docs: string
  parse(raw: string): AnnotationParse<T>
}
