#!/usr/bin/env node
// Regenerates README.md's generated blocks: the command reference (from
// oclif.manifest.json) and the lint rules table (from the rule registry).
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {updateReadme} from '../dist/src/docs/command-reference.js'
import {updateLintRules} from '../dist/src/docs/lint-rules.js'

const root = new URL('..', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const path = join(root, 'README.md')
const before = readFileSync(path, 'utf8')
const after = updateLintRules(updateReadme(before, manifest))
if (after !== before) writeFileSync(path, after)
console.log(after === before ? 'README.md generated sections are current' : 'README.md generated sections updated')
