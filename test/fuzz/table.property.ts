/**
 * The compiler and the route table against a reference matcher written
 * plainly from the README's "How ingressctl routes a request": random Ingress
 * sets, random requests, the same answer every time. The table's packed trie
 * and host hash tables are optimised; this keeps them honest.
 */
import fc from 'fast-check'
import {compile} from '../../src/compiler/index.js'
import type {Ingress, IngressRule} from '../../src/model/objects.js'
import type {Entry} from '../../src/model/snapshot.js'
import {ingress, snapshot, svc} from '../compiler/helpers.js'
import type {FuzzProperty} from './runs.js'

// ---------------------------------------------------------------- the reference

interface RefRoute {
  /** `ns/name#rule.path`, or `ns/name#default`: what the answer is compared on. */
  readonly id: string
  readonly host: string | undefined
  readonly path: string
  readonly pathType: 'Exact' | 'Prefix' | 'ImplementationSpecific'
  readonly age: number
  readonly order: number
}

interface RefIngress {
  readonly namespace: string
  readonly name: string
  readonly created?: string
  readonly rules: ReadonlyArray<{host?: string; paths: ReadonlyArray<{path: string; pathType: RefRoute['pathType']}>}>
  readonly defaultBackend: boolean
}

/** Oldest creationTimestamp first (none: newest), then namespace, then name. */
function ageOrder(ings: readonly RefIngress[]): Map<RefIngress, number> {
  const sorted = [...ings].sort((a, b) => {
    const ta = a.created ? Date.parse(a.created) : Infinity
    const tb = b.created ? Date.parse(b.created) : Infinity
    if (ta !== tb) return ta < tb ? -1 : 1
    if (a.namespace !== b.namespace) return a.namespace < b.namespace ? -1 : 1
    return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  })
  return new Map(sorted.map((x, i) => [x, i]))
}

function withoutTrailingSlash(p: string): string {
  return p.endsWith('/') ? p.slice(0, -1) : p
}

/** Host as matched: lower case, no port, no trailing dot. */
function refHost(raw: string): string {
  let h = raw.toLowerCase()
  const colon = h.lastIndexOf(':')
  if (colon !== -1 && !h.includes(']')) h = h.slice(0, colon)
  if (h.endsWith('.')) h = h.slice(0, -1)
  return h
}

function refPath(raw: string): string {
  let p = raw.split('?')[0]!.split('#')[0]!
  if (p === '') p = '/'
  if (!p.startsWith('/')) p = `/${p}`
  return p
}

function matches(r: RefRoute, path: string): boolean {
  if (r.pathType === 'Exact') return r.path === path
  const rule = withoutTrailingSlash(r.path).split('/').slice(1)
  const req = path.split('/').slice(1)
  if (rule.length > req.length) return false
  return rule.every((seg, i) => seg === req[i])
}

export function referenceMatch(ings: readonly RefIngress[], rawHost: string, rawPath: string): string | undefined {
  const age = ageOrder(ings)
  const routes: RefRoute[] = []
  for (const ing of ings) {
    ing.rules.forEach((rule, ri) =>
      rule.paths.forEach((p, pi) =>
        routes.push({id: `${ing.namespace}/${ing.name}#${ri}.${pi}`, host: rule.host, path: p.path, pathType: p.pathType, age: age.get(ing)!, order: ri * 1000 + pi}),
      ),
    )
  }
  const host = refHost(rawHost)
  const path = refPath(rawPath)
  // Host first: exact host, else a wildcard one label up, else rules without host.
  let group = routes.filter((r) => r.host === host)
  if (group.length === 0) {
    const labels = host.split('.')
    if (labels.length >= 2 && labels[0] !== '') group = routes.filter((r) => r.host === `*.${labels.slice(1).join('.')}`)
  }
  if (group.length === 0) group = routes.filter((r) => r.host === undefined)
  // Longest path (without its trailing slash); Exact beats Prefix at equal length; then
  // Prefix before ImplementationSpecific, the older Ingress, the path without the slash, written first.
  const rank = {Exact: 0, Prefix: 1, ImplementationSpecific: 2}
  const candidates = group.filter((r) => matches(r, path))
  candidates.sort(
    (a, b) =>
      withoutTrailingSlash(b.path).length - withoutTrailingSlash(a.path).length ||
      rank[a.pathType] - rank[b.pathType] ||
      a.age - b.age ||
      a.path.length - b.path.length ||
      a.order - b.order,
  )
  if (candidates.length > 0) return candidates[0]!.id
  // Default backend: the oldest Ingress that has one.
  const defaults = ings.filter((i) => i.defaultBackend).sort((a, b) => age.get(a)! - age.get(b)!)
  return defaults.length > 0 ? `${defaults[0]!.namespace}/${defaults[0]!.name}#default` : undefined
}

// ---------------------------------------------------------------- generators

const HOSTS = ['a.test', 'b.a.test', '*.a.test', '*.test', 'c.test', 'x.y.test']
/** Rule path segments (the API server refuses %2F and friends in rule paths); requests also get '%2F' and ''. */
const SEGMENTS = ['a', 'b', 'ab', 'a.b', 'A']
const REQUEST_SEGMENTS = [...SEGMENTS, '%2F', '']
const TIMES = ['2024-01-01T00:00:00Z', '2024-06-01T00:00:00Z', '2024-06-01T00:00:00Z', '2023-12-31T23:59:59Z']

const rulePath = fc.tuple(fc.array(fc.constantFrom(...SEGMENTS), {maxLength: 3}), fc.boolean()).map(([segs, slash]) => `/${segs.join('/')}${slash && segs.length > 0 ? '/' : ''}`)

const refIngress = (name: string): fc.Arbitrary<RefIngress> =>
  fc.record({
    namespace: fc.constantFrom('ns1', 'ns2'),
    name: fc.constant(name),
    created: fc.option(fc.constantFrom(...TIMES), {nil: undefined}),
    rules: fc.array(
      fc.record({
        host: fc.option(fc.constantFrom(...HOSTS), {nil: undefined}),
        paths: fc.array(fc.record({path: rulePath, pathType: fc.constantFrom('Exact' as const, 'Prefix' as const, 'ImplementationSpecific' as const)}), {minLength: 1, maxLength: 4}),
      }),
      {maxLength: 3},
    ),
    defaultBackend: fc.boolean(),
  }).filter((i) => i.rules.length > 0 || i.defaultBackend)

const ingressSet = fc.integer({min: 1, max: 6}).chain((n) => fc.tuple(...Array.from({length: n}, (_, i) => refIngress(`ing${i}`))))

const requestHost = fc.oneof(
  fc.constantFrom('a.test', 'A.Test', 'a.test:8080', 'a.test.', 'b.a.test', 'z.a.test', 'q.b.a.test', 'c.test', 'x.test', 'x.y.test', 'y.test', 'test', '', 'other.example'),
  fc.string({maxLength: 8}),
)
const requestPath = fc.oneof(
  {weight: 5, arbitrary: fc.tuple(fc.array(fc.constantFrom(...REQUEST_SEGMENTS), {maxLength: 4}), fc.constantFrom('', '', '?q=1', '#f', '?a/b')).map(([s, tail]) => `/${s.join('/')}${tail}`)},
  {weight: 1, arbitrary: fc.string({maxLength: 10})},
)

function toEntry(r: RefIngress): Entry<Ingress> {
  const rules: IngressRule[] = r.rules.map((rule, ri) => ({
    ...(rule.host !== undefined ? {host: rule.host} : {}),
    http: {paths: rule.paths.map((p, pi) => ({path: p.path, pathType: p.pathType, backend: svc(`${r.namespace}-${r.name}-${ri}-${pi}`, 80)}))},
  }))
  return ingress(r.name, rules, {
    namespace: r.namespace,
    ...(r.created ? {creationTimestamp: r.created} : {}),
    ...(r.defaultBackend ? {defaultBackend: svc(`${r.namespace}-${r.name}-default`, 80)} : {}),
  })
}

/** The table's answer in the reference's terms (backend names encode the route). */
function tableAnswer(backendName: string | undefined): string | undefined {
  if (backendName === undefined) return undefined
  const m = /^(ns\d)-(ing\d+)-(?:(\d+)-(\d+)|default)$/.exec(backendName)
  if (!m) return `unexpected backend ${backendName}`
  return m[3] === undefined ? `${m[1]}/${m[2]}#default` : `${m[1]}/${m[2]}#${m[3]}.${m[4]}`
}

export const tableProperty: FuzzProperty = {
  name: 'compiler + route table: the same answer as the plain reference matcher',
  weight: 3,
  ciRuns: 300,
  build: async () => {
    const property = fc.property(ingressSet, fc.array(fc.tuple(requestHost, requestPath), {minLength: 1, maxLength: 12}), (ings, requests) => {
      const table = compile(snapshot({ingresses: ings.map(toEntry)}))
      const invalid = table.diagnostics.filter((d) => d.severity === 'error')
      if (invalid.length > 0) throw new Error(`generated Ingresses must be valid: ${invalid.map((d) => d.message).join('; ')}`)
      for (const [host, path] of requests) {
        const want = referenceMatch(ings, host, path)
        const m = table.lookup(host, path)
        const got = m.matched && m.route?.backend.kind === 'service' ? tableAnswer(m.route.backend.name) : undefined
        if (got !== want) throw new Error(`lookup(${JSON.stringify(host)}, ${JSON.stringify(path)}): table ${got ?? 'no route'}, reference ${want ?? 'no route'}`)
        const e = table.explain(host, path)
        const explained = e.matched && e.route?.backend.kind === 'service' ? tableAnswer(e.route.backend.name) : undefined
        if (explained !== want) throw new Error(`explain(${JSON.stringify(host)}, ${JSON.stringify(path)}): ${explained ?? 'no route'}, reference ${want ?? 'no route'}`)
      }
      return true
    })
    return {property, close: async () => {}}
  },
}
