import type {DiffReport} from '../types.js'

export interface DiffFormatOptions {
  /** ANSI colors (text on a terminal only). */
  readonly color: boolean
}

export interface DiffFormat {
  readonly name: string
  render(report: DiffReport, o: DiffFormatOptions): string
}
