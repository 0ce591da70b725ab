import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export const NAMESPACE = 'bench'
export const SERVICE = 'backend'

export interface Target {
  readonly host: string
  readonly path: string
}

function ingress(name: string, host: string, paths: readonly string[]): string {
  const p = paths
    .map((path) => `          - path: ${path}\n            pathType: Prefix\n            backend:\n              service:\n                name: ${SERVICE}\n                port: {number: 80}\n`)
    .join('')
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: ${name}\n  namespace: ${NAMESPACE}\nspec:\n  rules:\n    - host: ${host}\n      http:\n        paths:\n${p}`
}

/**
 * Writes `hosts` Ingresses (one host each, `pathsPerHost` Prefix paths) into
 * `dir`, spread over files of at most 500 Ingresses. Returns every host/path
 * pair (the routes).
 */
export function writeManifests(dir: string, hosts: number, pathsPerHost: number): Target[] {
  mkdirSync(dir, {recursive: true})
  const targets: Target[] = []
  const perFile = 500
  for (let f = 0; f * perFile < hosts; f++) {
    const docs: string[] = []
    for (let i = f * perFile; i < Math.min(hosts, (f + 1) * perFile); i++) {
      const host = `h${i}.bench.test`
      const paths = Array.from({length: pathsPerHost}, (_, j) => `/p${j}`)
      for (const path of paths) targets.push({host, path: `${path}/item`})
      docs.push(ingress(`ing-${i}`, host, paths))
    }
    writeFileSync(join(dir, `ingresses-${String(f).padStart(4, '0')}.yaml`), docs.join('---\n'))
  }
  return targets
}

/** An extra Ingress file rewritten during the reload measurement. */
export function churnManifest(i: number): string {
  return ingress('churn', `churn-${i}.bench.test`, ['/'])
}

/** A wrk Lua script that cycles through the targets (Host header and path). */
export function wrkScript(targets: readonly Target[]): string {
  const rows = targets.map((t) => `{"${t.host}","${t.path}"}`).join(',\n')
  return `local targets = {\n${rows}\n}\nlocal n = #targets\nlocal i = 0\nrequest = function()\n  i = i + 1\n  local t = targets[(i % n) + 1]\n  return wrk.format("GET", t[2], {["Host"] = t[1]})\nend\n`
}
