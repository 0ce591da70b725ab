import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {runCli, type CliRun} from '../run-cli.js'

/** Writes `files` (relative path → text) under a new temporary directory; returns it and a remover. */
export function tree(files: Readonly<Record<string, string>>): {dir: string; remove: () => void} {
  const dir = mkdtempSync(join(tmpdir(), 'ingressctl-lint-tree-'))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true})
    writeFileSync(join(dir, name), text)
  }
  return {dir, remove: () => rmSync(dir, {recursive: true, force: true})}
}

/**
 * `ingressctl lint ARGS` in `cwd` (not a git checkout: file names are relative
 * to it), GITHUB_WORKSPACE cleared unless given.
 */
export function lintIn(cwd: string, args: readonly string[], opts: {stdin?: string; env?: NodeJS.ProcessEnv} = {}): Promise<CliRun> {
  return runCli(['lint', ...args], {cwd, ...(opts.stdin !== undefined ? {stdin: opts.stdin} : {}), env: {GITHUB_WORKSPACE: '', ...opts.env}})
}

/** An Ingress `namespace/name` with one rule; `extra` lines go under metadata (indented by the caller). */
export function ingress(o: {name?: string; namespace?: string; host?: string; path?: string; service?: string; port?: number; meta?: string; spec?: string; apiVersion?: string} = {}): string {
  return `apiVersion: ${o.apiVersion ?? 'networking.k8s.io/v1'}
kind: Ingress
metadata:
  name: ${o.name ?? 'web'}
  namespace: ${o.namespace ?? 'shop'}
${o.meta ?? ''}spec:
${o.spec ?? ''}  rules:
    - host: ${o.host ?? 'shop.example.com'}
      http:
        paths:
          - path: ${o.path ?? '/'}
            pathType: Prefix
            backend:
              service:
                name: ${o.service ?? 'web'}
                port:
                  number: ${o.port ?? 80}
`
}

export function service(o: {name?: string; namespace?: string; port?: number} = {}): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${o.name ?? 'web'}
  namespace: ${o.namespace ?? 'shop'}
spec:
  ports:
    - name: http
      port: ${o.port ?? 80}
`
}

export interface JsonDiagnostic {
  rule: string
  severity: string
  message: string
  hint?: string
  location?: {file: string; line: number; col: number}
}

/** `[rule, file, line]` of each diagnostic of `-o json` output, as output (sorted). */
export function places(stdout: string): Array<[string, string, number]> {
  const out = JSON.parse(stdout) as {diagnostics: JsonDiagnostic[]}
  return out.diagnostics.map((d) => [d.rule, d.location?.file ?? '', d.location?.line ?? 0])
}
