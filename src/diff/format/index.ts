import {json} from './json.js'
import {markdown} from './markdown.js'
import {text} from './text.js'
import type {DiffFormat} from './types.js'

export type {DiffFormat, DiffFormatOptions} from './types.js'

export const DIFF_FORMATS: Readonly<Record<string, DiffFormat>> = {text, json, markdown}
export const DIFF_FORMAT_NAMES = Object.keys(DIFF_FORMATS)
