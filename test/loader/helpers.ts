import {dirname, join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

/** Repository root (tests run from dist/test/loader). */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

/** A fixture path relative to the current directory, as a user would type it. */
export function fixture(...parts: string[]): string {
  return relative(process.cwd(), join(ROOT, 'fixtures', ...parts)) || '.'
}
