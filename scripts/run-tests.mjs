#!/usr/bin/env node
// Runs every compiled test file (dist/test/**/*.test.js) with Node's test runner.
// Optional arguments filter test files by substring: `node scripts/run-tests.mjs lint diff`.
import {spawnSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {join, relative} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const testDir = join(root, 'dist', 'test')

function collect(dir) {
  const out = []
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...collect(full))
    else if (entry.name.endsWith('.test.js')) out.push(full)
  }
  return out
}

const filters = process.argv.slice(2)
const files = collect(testDir)
  .filter((f) => filters.length === 0 || filters.some((s) => relative(testDir, f).includes(s)))
  .sort()
if (files.length === 0) {
  console.error(`no test files matched under ${relative(root, testDir)}`)
  process.exit(1)
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const result = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  cwd: root,
})
process.exit(result.status ?? 1)
