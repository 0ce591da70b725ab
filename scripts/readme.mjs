#!/usr/bin/env node
// Regenerates the command reference in README.md from oclif.manifest.json.
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {updateReadme} from '../dist/src/docs/command-reference.js'

const root = new URL('..', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const path = join(root, 'README.md')
const before = readFileSync(path, 'utf8')
const after = updateReadme(before, manifest)
if (after !== before) writeFileSync(path, after)
console.log(after === before ? 'README.md command reference is current' : 'README.md command reference updated')
