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

/**
 * A wrk Lua script that cycles through every route of `writeManifests(dir, hosts,
 * pathsPerHost)` (Host header and path), computed rather than listed: a Lua chunk
 * with 100,000 literal rows exceeds the interpreter's constant limits.
 */
export function wrkScript(hosts: number, pathsPerHost: number): string {
  return `local H, P = ${hosts}, ${pathsPerHost}
local n = H * P
local i = 0
request = function()
  local k = i % n
  i = i + 1
  local h = k % H
  local p = math.floor(k / H) % P
  return wrk.format("GET", "/p" .. p .. "/item", {["Host"] = "h" .. h .. ".bench.test"})
end
`
}
