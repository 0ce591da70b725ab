import assert from 'node:assert/strict'
import {test} from 'node:test'
import type {Entry} from '../../src/model/snapshot.js'
import {groupSets, type SetInput, type SetMember} from '../../src/loader/sets.js'

function member(display: string, ...names: string[]): SetMember {
  return {display, entries: names.map((n) => ({kind: n.startsWith('svc-') ? 'Service' : 'Ingress', namespace: 'shop', name: n}) as unknown as Entry)}
}

function dir(input: string, ...members: SetMember[]): SetInput {
  return {input, directory: true, members}
}

function file(m: SetMember): SetInput {
  return {input: m.display, directory: false, members: [m]}
}

/** Each set as its members' names. */
function shape(inputs: SetInput[], mode: 'auto' | 'all' | 'dir' | 'file' = 'auto'): string[][] {
  return groupSets(inputs, mode).map((s) => s.members.map((m) => m.display))
}

test('auto: nothing repeated, every input is one set (directories and files together)', () => {
  assert.deepEqual(shape([dir('k8s', member('k8s/a.yaml', 'web'), member('k8s/b.yaml', 'svc-web')), file(member('extra.yaml', 'api'))]), [['k8s/a.yaml', 'k8s/b.yaml', 'extra.yaml']])
})

test('auto: environments under a directory are sets; the directory\'s own non-repeating files and other repeat-free inputs join each', () => {
  const inputs = [
    dir('k8s', member('k8s/class.yaml', 'svc-shared'), member('k8s/prod/app.yaml', 'web'), member('k8s/staging/app.yaml', 'web')),
    dir('services', member('services/s.yaml', 'svc-web')),
    file(member('extra.yaml', 'api')),
  ]
  assert.deepEqual(shape(inputs), [
    ['services/s.yaml', 'extra.yaml', 'k8s/class.yaml', 'k8s/prod/app.yaml'],
    ['services/s.yaml', 'extra.yaml', 'k8s/class.yaml', 'k8s/staging/app.yaml'],
  ])
  assert.deepEqual(shape(inputs, 'all'), [['k8s/class.yaml', 'k8s/prod/app.yaml', 'k8s/staging/app.yaml', 'services/s.yaml', 'extra.yaml']])
  assert.deepEqual(shape(inputs, 'dir').length, 5) // k8s, k8s/prod, k8s/staging, services, .
  assert.deepEqual(shape(inputs, 'file').length, 5)
})

test('auto: a file named directly that repeats an object of a directory is a set of its own', () => {
  assert.deepEqual(shape([dir('k8s', member('k8s/a.yaml', 'web'), member('k8s/s.yaml', 'svc-web')), file(member('override.yaml', 'web'))]), [
    ['override.yaml'],
    ['k8s/a.yaml', 'k8s/s.yaml'],
  ])
})

test('auto: nested environments split as long as objects repeat; a kustomize directory stays whole', () => {
  const inputs = [
    dir(
      'deploy',
      member('deploy/base/kustomization.yaml'),
      member('deploy/base/app.yaml', 'web'),
      member('deploy/envs/eu/prod/app.yaml', 'web'),
      member('deploy/envs/us/prod/app.yaml', 'web'),
    ),
  ]
  const sets = groupSets(inputs, 'auto')
  assert.deepEqual(
    sets.map((s) => [s.name, s.kustomization ?? '', s.members.map((m) => m.display).join(' ')]),
    [
      ['deploy/base', 'deploy/base/kustomization.yaml', 'deploy/base/kustomization.yaml deploy/base/app.yaml'],
      ['deploy/envs/eu', '', 'deploy/envs/eu/prod/app.yaml'],
      ['deploy/envs/us', '', 'deploy/envs/us/prod/app.yaml'],
    ],
  )
})
