#!/usr/bin/env node
// `prepare` builds a git checkout on `npm ci`; a packed package is already
// built, and npm 11 lists any `prepare` in a tarball as an install script to
// approve. prepack renames it out of the way (`strip`), postpack puts it back
// (`restore`), as pinst does for husky's postinstall.
import {readFileSync, writeFileSync} from 'node:fs'

const file = new URL('../package.json', import.meta.url)
const text = readFileSync(file, 'utf8')
const pkg = JSON.parse(text)
const [from, to] = process.argv[2] === 'restore' ? ['_prepare', 'prepare'] : ['prepare', '_prepare']
if (pkg.scripts?.[from] !== undefined) {
  pkg.scripts = Object.fromEntries(Object.entries(pkg.scripts).map(([k, v]) => [k === from ? to : k, v]))
  writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`)
}
