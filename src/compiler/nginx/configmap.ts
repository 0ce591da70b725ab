/**
 * The ingress-nginx controller ConfigMap: which one of the input is the
 * controller's, and its settings, read as the controller reads them
 * (internal/ingress/controller/template/configmap.go in kubernetes/ingress-nginx:
 * the data is decoded with mapstructure's weakly typed input into the
 * configuration struct, so a boolean is Go's strconv.ParseBool, an empty value
 * is false or 0, and a value that does not decode leaves that setting at its
 * default while the others apply).
 *
 * Found, in order: the ConfigMap named by --controller-config NAMESPACE/NAME;
 * `ingress-nginx/ingress-nginx-controller` (the Helm chart's and the static
 * manifests' name); a ConfigMap labelled as the chart labels it
 * (`app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`).
 */
import type {Diagnostic} from '../../model/diagnostics.js'
import type {ConfigMap} from '../../model/objects.js'
import type {Entry, Snapshot} from '../../model/snapshot.js'
import {locationOf} from '../where.js'
import {NGINX_DEFAULTS, type NginxConfig, type RiskLevel} from './config.js'

export const DEFAULT_CONTROLLER_CONFIG = {namespace: 'ingress-nginx', name: 'ingress-nginx-controller'} as const
export const CONTROLLER_LABELS: Readonly<Record<string, string>> = {'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller'}

type Mutable<T> = {-readonly [K in keyof T]: T[K]}

/** One ConfigMap key ingressctl reads: its type as the controller decodes it, and what it changes. */
interface KeyReader {
  readonly key: string
  readonly field: Exclude<keyof NginxConfig, 'source' | 'raw'>
  /** The value, or what is wrong with it. */
  read(value: string): {value: NginxConfig[KeyReader['field']]} | {problem: string; hint: string}
  /** What the key changes, for the README. */
  readonly docs: string
}

/** mapstructure weak decoding into a bool: "" is false, else strconv.ParseBool. */
function goBool(value: string): {value: boolean} | {problem: string; hint: string} {
  if (value === '') return {value: false}
  if (/^(1|t|T|TRUE|true|True)$/.test(value)) return {value: true}
  if (/^(0|f|F|FALSE|false|False)$/.test(value)) return {value: false}
  return {problem: `${JSON.stringify(value)} is not a boolean`, hint: 'write "true" or "false"'}
}

const RISKS: readonly RiskLevel[] = ['Low', 'Medium', 'High', 'Critical']

function bool(key: string, field: KeyReader['field'], docs: string): KeyReader {
  return {key, field, docs, read: goBool}
}

/** The keys ingressctl applies, in key order. */
export const CONFIG_KEYS: readonly KeyReader[] = [
  bool('allow-snippet-annotations', 'allowSnippetAnnotations', 'Whether `*-snippet` annotations are accepted (default `false`). `lint` flags snippet annotations as errors while it is false.'),
  {
    key: 'annotations-risk-level',
    field: 'annotationsRiskLevel',
    docs: 'The highest annotation risk accepted: `Low`, `Medium`, `High` (default) or `Critical`, any case. `lint` reports annotations above it. ingress-nginx reads any other value as `Low`.',
    read(value) {
      // parser.StringRiskToRisk: case-insensitive; anything else is Low.
      const risk = RISKS.find((r) => r.toLowerCase() === value.toLowerCase())
      if (risk) return {value: risk}
      return {problem: `${JSON.stringify(value)} is not a risk level: ingress-nginx reads it as Low and refuses every annotation above Low`, hint: 'write Low, Medium, High or Critical'}
    },
  },
  bool('force-ssl-redirect', 'forceSslRedirect', 'Redirect HTTP to HTTPS even for hosts without TLS (default `false`).'),
  bool('hsts', 'hsts', 'Send Strict-Transport-Security on HTTPS answers (default `true`).'),
  bool('hsts-include-subdomains', 'hstsIncludeSubdomains', 'Add `includeSubDomains` to the HSTS header (default `true`).'),
  {
    key: 'hsts-max-age',
    field: 'hstsMaxAge',
    docs: 'The HSTS `max-age` in seconds (default `31536000`).',
    read(value) {
      // A string in the controller's configuration, written into the header as it is: only digits make a valid max-age.
      if (/^\d+$/.test(value)) return {value: Number(value)}
      return {problem: `${JSON.stringify(value)} is not a number of seconds: ingress-nginx would send it verbatim, an HSTS header browsers ignore`, hint: 'write a number of seconds, e.g. "31536000"'}
    },
  },
  bool('hsts-preload', 'hstsPreload', 'Add `preload` to the HSTS header (default `false`).'),
  {
    key: 'http-redirect-code',
    field: 'httpRedirectCode',
    docs: 'The status of the HTTP to HTTPS redirects (default `308`; 301, 302, 307 or 308).',
    read(value) {
      // configmap.go: strconv.Atoi, then one of 301, 302, 307, 308; otherwise the default stays (with a warning).
      if (!/^[+-]?\d+$/.test(value)) return {problem: `${JSON.stringify(value)} is not a valid HTTP code`, hint: 'write 301, 302, 307 or 308'}
      const n = Number(value)
      if (![301, 302, 307, 308].includes(n)) return {problem: `${value} is not a redirect code ingress-nginx accepts`, hint: 'write 301, 302, 307 or 308'}
      return {value: n}
    },
  },
  bool('ssl-redirect', 'sslRedirect', 'Redirect HTTP to HTTPS for hosts with TLS (default `true`).'),
  bool('use-forwarded-headers', 'useForwardedHeaders', 'Trust the X-Forwarded-* headers clients send (default `false`).'),
]

const READERS = new Map(CONFIG_KEYS.map((k) => [k.key, k]))

export interface ResolvedNginxConfig {
  readonly config: NginxConfig
  readonly diagnostics: readonly Diagnostic[]
}

function ref(e: Entry<ConfigMap>) {
  return {kind: 'ConfigMap', namespace: e.namespace, name: e.name}
}

function label(e: Entry<ConfigMap>): string {
  return `ConfigMap ${e.namespace}/${e.name}`
}

/** `NAMESPACE/NAME`, or undefined when the text is not one. */
export function parseConfigMapName(text: string): {namespace: string; name: string} | undefined {
  const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-a-z0-9.]*[a-z0-9])?)$/.exec(text)
  return m ? {namespace: m[1]!, name: m[3]!} : undefined
}

function hasControllerLabels(e: Entry<ConfigMap>): boolean {
  const labels = e.object.metadata?.labels ?? {}
  return Object.entries(CONTROLLER_LABELS).every(([k, v]) => labels[k] === v)
}

/** Which ConfigMap of the snapshot is the controller's (see the module comment), and why. */
export function findControllerConfigMap(snapshot: Snapshot, named?: string): {entry?: Entry<ConfigMap>; diagnostics: Diagnostic[]} {
  const all = snapshot.configMaps ?? []
  if (named !== undefined) {
    const want = parseConfigMapName(named)
    const entry = want && all.find((c) => c.namespace === want.namespace && c.name === want.name)
    if (entry) return {entry, diagnostics: []}
    return {
      diagnostics: [
        {
          rule: 'controller-config-not-found',
          severity: 'warning',
          message: `--controller-config ${named}: no such ConfigMap in the input; the ingress-nginx controller's defaults apply`,
          hint: 'add the controller ConfigMap to the input (kubectl get configmap -n NAMESPACE NAME -o yaml), or name the right one as NAMESPACE/NAME',
        },
      ],
    }
  }
  const byName = all.find((c) => c.namespace === DEFAULT_CONTROLLER_CONFIG.namespace && c.name === DEFAULT_CONTROLLER_CONFIG.name)
  if (byName) return {entry: byName, diagnostics: []}
  const labelled = all.filter(hasControllerLabels).sort((a, b) => cmp(`${a.namespace}/${a.name}`, `${b.namespace}/${b.name}`))
  if (labelled.length <= 1) return {entry: labelled[0], diagnostics: []}
  const first = labelled[0]!
  return {
    entry: first,
    diagnostics: [
      {
        rule: 'controller-config-ambiguous',
        severity: 'warning',
        message: `${labelled.length} ConfigMaps carry the ingress-nginx controller labels (${labelled.map((c) => `${c.namespace}/${c.name}`).join(', ')}); ${first.namespace}/${first.name} is used`,
        object: ref(first),
        location: locationOf(first, ['metadata', 'labels']),
        hint: 'name the one your controller reads with --controller-config NAMESPACE/NAME (its --configmap flag)',
        related: labelled.slice(1).map((c) => ({message: 'also labelled as the controller ConfigMap', object: ref(c), location: locationOf(c, ['metadata', 'labels'])})),
      },
    ],
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** The controller settings of a ConfigMap: its keys read over the controller's defaults; invalid values keep the default, each reported at its line. */
export function readNginxConfig(e: Entry<ConfigMap>): ResolvedNginxConfig {
  const config: Mutable<NginxConfig> = {...NGINX_DEFAULTS}
  const diagnostics: Diagnostic[] = []
  const raw: Record<string, string> = {}
  const data: unknown = e.object.data
  const entries = data !== null && typeof data === 'object' && !Array.isArray(data) ? Object.entries(data as Record<string, unknown>) : []
  for (const [key, value] of entries.sort(([a], [b]) => cmp(a, b))) {
    if (typeof value !== 'string') {
      diagnostics.push({
        rule: 'controller-config-invalid',
        severity: 'warning',
        message: `${label(e)}: data.${key} is not a string (the API server refuses non-string ConfigMap data); it is ignored`,
        object: ref(e),
        location: locationOf(e, ['data', key]),
        hint: `quote the value: ${key}: "${String(value)}"`,
      })
      continue
    }
    raw[key] = value
    const reader = READERS.get(key)
    if (!reader) continue
    const read = reader.read(value)
    if ('value' in read) (config as Record<string, unknown>)[reader.field] = read.value
    else {
      // annotations-risk-level: the controller does not keep the default, it reads the value as Low.
      if (key === 'annotations-risk-level') config.annotationsRiskLevel = 'Low'
      diagnostics.push({
        rule: 'controller-config-invalid',
        severity: 'warning',
        message: `${label(e)}: ${key}: ${read.problem}${key === 'annotations-risk-level' ? '' : `; the default ${JSON.stringify(String(NGINX_DEFAULTS[reader.field]))} applies`}`,
        object: ref(e),
        location: locationOf(e, ['data', key]),
        hint: read.hint,
      })
    }
  }
  config.raw = Object.freeze(raw)
  config.source = Object.freeze({namespace: e.namespace, name: e.name, location: Object.freeze({file: e.source.file, line: e.source.line, col: e.source.col})})
  return {config: Object.freeze(config), diagnostics}
}

/** The controller settings for a compile: the found ConfigMap's, or the controller's defaults. */
export function resolveNginxConfig(snapshot: Snapshot, named?: string): ResolvedNginxConfig {
  const found = findControllerConfigMap(snapshot, named)
  if (!found.entry) return {config: NGINX_DEFAULTS, diagnostics: found.diagnostics}
  const read = readNginxConfig(found.entry)
  return {config: read.config, diagnostics: [...found.diagnostics, ...read.diagnostics]}
}

/** One line saying which settings are used: `ConfigMap ingress-nginx/ingress-nginx-controller (deploy.yaml:3)`, or the defaults. */
export function describeNginxConfig(config: NginxConfig): string {
  const s = config.source
  if (!s) return 'controller defaults (no ingress-nginx ConfigMap found)'
  return `ConfigMap ${s.namespace}/${s.name}${s.location ? ` (${s.location.file}:${s.location.line})` : ''}`
}
