import assert from 'node:assert/strict'
import {describe, test} from 'node:test'
import {compile} from '../../src/compiler/index.js'
import {ingress, ingressClass, rule, snapshot, svc} from './helpers.js'

const ing = {
  spec: ingress('by-spec', [rule('spec.com', ['/', 'Prefix', svc('a', 80)])], {className: 'nginx'}),
  annotation: ingress('by-annotation', [rule('annotation.com', ['/', 'Prefix', svc('a', 80)])], {annotations: {'kubernetes.io/ingress.class': 'nginx'}}),
  other: ingress('other', [rule('other.com', ['/', 'Prefix', svc('a', 80)])], {className: 'traefik'}),
  none: ingress('classless', [rule('none.com', ['/', 'Prefix', svc('a', 80)])]),
}
const all = Object.values(ing)

const served = (t: ReturnType<typeof compile>) => t.hosts.slice()
const excluded = (t: ReturnType<typeof compile>) =>
  t.diagnostics.filter((d) => d.rule === 'ingress-class-excluded').map((d) => [d.object?.name, d.severity])

describe('IngressClass selection', () => {
  test('without --ingress-class every Ingress is served, class-less included', () => {
    const t = compile(snapshot({ingresses: all, ingressClasses: [ingressClass('nginx'), ingressClass('traefik')]}))
    assert.deepEqual(served(t), ['annotation.com', 'none.com', 'other.com', 'spec.com'])
    assert.deepEqual(t.diagnostics, [])
  })

  test('with --ingress-class: only that class (spec.ingressClassName or the legacy annotation)', () => {
    const t = compile(snapshot({ingresses: all, ingressClasses: [ingressClass('nginx'), ingressClass('traefik')]}), {ingressClass: 'nginx'})
    assert.deepEqual(served(t), ['annotation.com', 'spec.com'])
    assert.deepEqual(excluded(t), [
      ['classless', 'info'],
      ['other', 'info'],
    ])
    const other = t.diagnostics.find((d) => d.object?.name === 'other')!
    assert.match(other.message, /class "traefik", not "nginx"/)
    const none = t.diagnostics.find((d) => d.object?.name === 'classless')!
    assert.match(none.message, /no class and "nginx" is not the default IngressClass/)
  })

  test('class-less Ingresses belong to the default class', () => {
    const t = compile(snapshot({ingresses: all, ingressClasses: [ingressClass('nginx', true), ingressClass('traefik')]}), {ingressClass: 'nginx'})
    assert.deepEqual(served(t), ['annotation.com', 'none.com', 'spec.com'])
    assert.deepEqual(excluded(t), [['other', 'info']])
    const t2 = compile(snapshot({ingresses: all, ingressClasses: [ingressClass('nginx', true), ingressClass('traefik')]}), {ingressClass: 'traefik'})
    assert.deepEqual(served(t2), ['other.com'])
  })

  test('a class with no IngressClass object still selects by name', () => {
    const t = compile(snapshot({ingresses: all}), {ingressClass: 'traefik'})
    assert.deepEqual(served(t), ['other.com'])
  })

  test('the annotation value "false" on is-default-class does not make a default', () => {
    const cls = ingressClass('nginx')
    ;(cls.object.metadata as {annotations?: Record<string, string>}).annotations = {'ingressclass.kubernetes.io/is-default-class': 'false'}
    const t = compile(snapshot({ingresses: [ing.none], ingressClasses: [cls]}), {ingressClass: 'nginx'})
    assert.deepEqual(served(t), [])
  })
})
