#!/usr/bin/env node
// Writes oclif.manifest.json from the built commands (what `oclif manifest` does),
// so command lookup stays fast and the committed manifest matches the code.
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Plugin} from '@oclif/core/config'

const root = new URL('..', import.meta.url).pathname
const plugin = new Plugin({root, type: 'core', isRoot: true, ignoreManifest: true, errorOnManifestCreate: true})
await plugin.load()
const manifest = plugin.manifest
// Sort commands so the file is deterministic.
manifest.commands = Object.fromEntries(Object.entries(manifest.commands).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
writeFileSync(join(root, 'oclif.manifest.json'), JSON.stringify(manifest, null, 2) + '\n')
console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands`)
