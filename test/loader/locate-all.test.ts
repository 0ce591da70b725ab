import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {test} from 'node:test'
import {parseManifests} from '../../src/loader/index.js'
import type {Entry} from '../../src/model/snapshot.js'
import {ROOT} from './helpers.js'

/** Every field path of a value: [path, key] for each mapping key, through sequences. */
function* fields(v: unknown, path: Array<string | number> = []): Generator<Array<string | number>> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* fields(v[i], [...path, i])
  } else if (v !== null && typeof v === 'object') {
    for (const [k, child] of Object.entries(v)) {
      yield [...path, k]
      yield* fields(child, [...path, k])
    }
  }
}

function entries(text: string, file: string): Entry[] {
  const {snapshot} = parseManifests(text, file)
  return [...snapshot.ingresses, ...snapshot.ingressClasses, ...snapshot.services, ...snapshot.endpointSlices, ...snapshot.secrets]
}

const DIRS = ['demo', 'loader', 'diff']

test('every field of every object in the fixtures is located at its own key', () => {
  let checked = 0
  for (const dir of DIRS) {
    for (const name of readdirSync(join(ROOT, 'fixtures', dir)).sort()) {
      if (!/\.(ya?ml|json)$/.test(name)) continue
      const text = readFileSync(join(ROOT, 'fixtures', dir, name), 'utf8')
      const lines = text.split('\n')
      for (const e of entries(text, name)) {
        // List items may carry kind/apiVersion filled in from the List: those have no text of their own.
        for (const path of fields(e.object)) {
          const key = String(path[path.length - 1])
          const pos = e.source.locate(path)
          const at = lines[pos.line - 1]?.slice(pos.col - 1) ?? ''
          const ok = at.startsWith(key) || at.startsWith(`"${key}"`) || at.startsWith(`'${key}'`)
          assert.ok(ok, `${dir}/${name} ${e.kind} ${e.name}: ${path.join('.')} located at ${pos.line}:${pos.col}: ${JSON.stringify(at.slice(0, 40))}`)
          checked++
        }
      }
    }
  }
  assert.ok(checked > 1000, `checked ${checked} fields`)
})

test('sequence items are located at their first character after "- "', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  -   name: a\n      port: 1\n  - # a comment\n    name: b\n    port: 2\n  - {name: c, port: 3}\n'
  const [svc] = entries(text, 's.yaml')
  assert.deepEqual(svc.source.locate(['spec', 'ports', 0]), {line: 6, col: 7})
  assert.deepEqual(svc.source.locate(['spec', 'ports', 1]), {line: 9, col: 5})
  assert.deepEqual(svc.source.locate(['spec', 'ports', 2]), {line: 11, col: 5})
  assert.deepEqual(svc.source.locate(['spec', 'ports', 2, 'port']), {line: 11, col: 15})
})
