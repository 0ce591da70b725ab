#!/usr/bin/env node
// Development entry: builds the TypeScript sources first, then runs the CLI from dist/.
import {execFileSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {execute} from '@oclif/core'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {stdio: 'inherit'})
await execute({development: false, dir: import.meta.url})
