#!/usr/bin/env node
// Regenerates README.md's generated blocks: the command reference (from
// oclif.manifest.json), the lint rules table (from the rule registry), and the
// ingress-nginx annotation and ConfigMap tables (from their registries).
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {updateReadme} from '../dist/src/docs/command-reference.js'
import {updateLintRules} from '../dist/src/docs/lint-rules.js'
import {updateAnnotationDocs} from '../dist/src/docs/annotations.js'

const root = new URL('..', import.meta.url).pathname
const manifest = JSON.parse(readFileSync(join(root, 'oclif.manifest.json'), 'utf8'))
const path = join(root, 'README.md')
const before = readFileSync(path, 'utf8')
const after = updateAnnotationDocs(updateLintRules(updateReadme(before, manifest)))
if (after !== before) writeFileSync(path, after)
console.log(after === before ? 'README.md generated sections are current' : 'README.md generated sections updated')
