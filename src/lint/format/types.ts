import type {LintReport} from '../index.js'

export interface FormatOptions {
  /** ANSI colors (text only): on when stdout is a TTY. */
  readonly color: boolean
  /** ingressctl version, for SARIF tool.driver.version. */
  readonly version: string
  /** Absolute repository root that file names are relative to (SARIF originalUriBaseIds). */
  readonly root?: string
}

/** One output format of `ingressctl lint -o NAME`: the whole report as one string. */
export interface LintFormat {
  readonly name: string
  render(report: LintReport, options: FormatOptions): string
}
