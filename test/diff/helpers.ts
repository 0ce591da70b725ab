import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {compile} from '../../src/compiler/index.js'
import {diffTables} from '../../src/diff/index.js'
import type {DiffReport} from '../../src/diff/types.js'
import {parseManifests} from '../../src/loader/index.js'
import {ROOT} from '../run-cli.js'

export {ROOT, runCli} from '../run-cli.js'


export function fixtureText(name: string): string {
  return readFileSync(join(ROOT, 'fixtures', 'diff', name), 'utf8')
}

/** Diffs two fixtures of fixtures/diff through the real loader and compiler. */
export function diffFixtures(oldName: string, newName: string, ingressClass?: string): DiffReport {
  const side = (name: string) => {
    const parsed = parseManifests(fixtureText(name), `fixtures/diff/${name}`)
    return compile(parsed.snapshot, ingressClass ? {ingressClass} : {})
  }
  return diffTables(side(oldName), side(newName), {old: oldName, new: newName})
}

export function diffTexts(oldText: string, newText: string): DiffReport {
  const side = (text: string, file: string) => compile(parseManifests(text, file).snapshot)
  return diffTables(side(oldText, 'old.yaml'), side(newText, 'new.yaml'), {old: 'old.yaml', new: 'new.yaml'})
}

