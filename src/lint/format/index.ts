import {github} from './github.js'
import {json} from './json.js'
import {junit} from './junit.js'
import {sarif} from './sarif.js'
import {text} from './text.js'
import type {LintFormat} from './types.js'

export type {FormatOptions, LintFormat} from './types.js'

/** `-o` values of `ingressctl lint`, one module each. */
export const LINT_FORMATS: Readonly<Record<string, LintFormat>> = {text, json, sarif, github, junit}
export const LINT_FORMAT_NAMES = Object.keys(LINT_FORMATS)
