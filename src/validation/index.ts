/**
 * The Kubernetes API server's validation of an Ingress, as diagnostics, so that
 * what ingressctl accepts the API server accepts and vice versa.
 *
 * Ported from kubernetes/kubernetes pkg/apis/networking/validation/validation.go
 * (ValidateIngressCreate → validateIngress → ValidateIngressSpec,
 * validateIngressRules, validateHTTPIngressRuleValue, validateHTTPIngressPath,
 * validateIngressBackend, validateIngressTypedLocalObjectReference,
 * validateIngressTLS) and apimachinery's name checks (./names.ts). Create-time
 * options apply: no AllowInvalidSecretName, no AllowInvalidWildcardHostRule, and
 * the RelaxedServiceNameValidation feature gate off (Service names are DNS-1035
 * labels).
 *
 * The v1beta1 shapes (extensions/v1beta1, networking.k8s.io/v1beta1) are
 * validated as the API server did after converting them to the internal type:
 * `spec.backend` is the default backend, `serviceName`/`servicePort` become
 * `service.name` and `service.port.name|number` (a quoted servicePort is a port
 * name), and a missing pathType defaults to ImplementationSpecific
 * (SetDefaults_HTTPIngressPath). Lint reports the apiVersion itself separately.
 *
 * Pure and deterministic: the same entry gives the same diagnostics, in field order.
 */
import type {Diagnostic} from '../model/diagnostics.js'
import type {Ingress} from '../model/objects.js'
import type {Entry} from '../model/snapshot.js'
import {formatFieldPath, type FieldPath} from '../model/source.js'
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isIPSloppy,
  isPathSegmentName,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
} from './names.js'
import type {ValidationRuleId} from './rules.js'

export {VALIDATION_RULES, type ValidationRuleId} from './rules.js'

const BETA_API_VERSIONS = new Set(['extensions/v1beta1', 'networking.k8s.io/v1beta1'])
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix']
// invalidPathSequences and invalidPathSuffixes in validation.go (Exact and Prefix only).
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F']
const INVALID_PATH_SUFFIXES = ['/..', '/.']
const ANNOTATION_INGRESS_CLASS = 'kubernetes.io/ingress.class'

type Obj = Record<string, unknown>

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}


function show(v: unknown): string {
  return JSON.stringify(v) ?? String(v)
}

/**
 * A field path, or a function building it: the paths of valid fields are never
 * needed, and building them for every path of 100,000 rules made most of what
 * validation allocated. Hot callers pass functions; reports build the path.
 */
type PathArg = FieldPath | (() => FieldPath)

function pathOf(path: PathArg): FieldPath {
  return typeof path === 'function' ? path() : path
}

/** The path of `key` under `base`, built when asked for. */
function under(base: PathArg, key: string): () => FieldPath {
  return () => [...pathOf(base), key]
}

class Validator {
  readonly out: Diagnostic[] = []
  readonly who: string

  constructor(readonly entry: Entry<Ingress>) {
    this.who = `Ingress ${entry.namespace ? `${entry.namespace}/` : ''}${entry.name}`
  }

  /**
   * `createOnly`: a check the API server makes only when an object is created
   * (ValidateIngressCreate; updates of persisted objects are let through). An
   * object read from a cluster already exists, so there it is a warning.
   */
  report(rule: ValidationRuleId, at: PathArg, message: string, hint: string, createOnly = false): void {
    const src = this.entry.source
    const path = pathOf(at)
    const pos = src.locate(path)
    const field = formatFieldPath(path)
    this.out.push({
      rule,
      severity: createOnly && src.file.startsWith('cluster://') ? 'warning' : 'error',
      message: `${this.who}: ${field}: ${message}`,
      object: {kind: 'Ingress', namespace: this.entry.namespace, name: this.entry.name},
      location: {file: src.file, line: pos.line, col: pos.col, field},
      hint,
    })
  }

  invalid(rule: ValidationRuleId, path: PathArg, value: unknown, msgs: string[], hint: string, createOnly = false): void {
    if (msgs.length > 0) this.report(rule, path, `invalid value ${show(value)}: ${msgs.join('; ')}`, hint, createOnly)
  }

  /** A field of the wrong JSON type: reported once, and the caller skips it. */
  wrongType(at: PathArg, value: unknown, expected: string): void {
    const path = pathOf(at)
    this.report('invalid-field-type', path, `must be ${expected}, got ${show(value)}`, `Write ${formatFieldPath(path)} as ${expected}, as in the Kubernetes API reference.`)
  }

  optString(parent: Obj, key: string, path: PathArg): string | undefined {
    const v = parent[key]
    if (v === undefined || v === null) return undefined
    if (typeof v !== 'string') {
      this.wrongType(under(path, key), v, 'a string')
      return undefined
    }
    return v
  }

  optObject(parent: Obj, key: string, path: PathArg): Obj | undefined {
    const v = parent[key]
    if (v === undefined || v === null) return undefined
    if (!isObj(v)) {
      this.wrongType(under(path, key), v, 'an object')
      return undefined
    }
    return v
  }

  optArray(parent: Obj, key: string, path: PathArg): unknown[] | undefined {
    const v = parent[key]
    if (v === undefined || v === null) return undefined
    if (!Array.isArray(v)) {
      this.wrongType(under(path, key), v, 'a list')
      return undefined
    }
    return v
  }
}

/**
 * The Kubernetes API server's validation of an Ingress (networking.k8s.io/v1,
 * and the v1beta1 shapes), as diagnostics. An Ingress with any `error` here
 * would be rejected by the API server, so the compiler leaves it out.
 */
export function validateIngress(entry: Entry<Ingress>): Diagnostic[] {
  const v = new Validator(entry)
  const obj = entry.object as unknown
  if (!isObj(obj)) {
    v.wrongType([], obj, 'an object')
    return v.out
  }
  const beta = typeof obj.apiVersion === 'string' && BETA_API_VERSIONS.has(obj.apiVersion)
  validateMetadata(v, obj)
  const spec = obj.spec
  if (spec === undefined || spec === null) {
    v.report('spec-empty', ['spec'], 'either `defaultBackend` or `rules` must be specified', 'Add spec.rules (host and http.paths) or a spec.defaultBackend.')
  } else if (!isObj(spec)) v.wrongType(['spec'], spec, 'an object')
  else validateSpec(v, spec, beta)
  return v.out
}

/** apivalidation.ValidateObjectMeta with ValidateIngressName (NameIsDNSSubdomain), namespaced. */
function validateMetadata(v: Validator, obj: Obj): void {
  const meta = v.optObject(obj, 'metadata', [])
  const name = meta ? v.optString(meta, 'name', ['metadata']) : undefined
  const generateName = meta ? v.optString(meta, 'generateName', ['metadata']) : undefined
  if (!name) {
    if (!generateName) {
      v.report('name-required', ['metadata', 'name'], 'name or generateName is required', 'Give the Ingress a metadata.name.')
    }
  } else {
    v.invalid('invalid-name', ['metadata', 'name'], name, isDNS1123Subdomain(name), 'Use a lower-case DNS-1123 subdomain name such as `web-ingress`.')
  }
  if (!meta) return
  const ns = v.optString(meta, 'namespace', ['metadata'])
  if (ns) v.invalid('invalid-namespace', ['metadata', 'namespace'], ns, isDNS1123Label(ns), 'Use a lower-case DNS-1123 label namespace such as `shop`.')

  const labels = v.optObject(meta, 'labels', ['metadata'])
  if (labels) {
    for (const key of Object.keys(labels).sort()) {
      const path = ['metadata', 'labels', key]
      v.invalid('invalid-label', path, key, isQualifiedName(key), 'Label keys are [prefix/]name: an optional DNS subdomain prefix and a name of at most 63 alphanumeric, `-`, `_`, `.` characters.')
      const val = labels[key]
      if (typeof val !== 'string') v.wrongType(path, val, 'a string')
      else v.invalid('invalid-label', path, val, isValidLabelValue(val), 'Label values are at most 63 alphanumeric, `-`, `_`, `.` characters, starting and ending alphanumeric.')
    }
  }
  const annotations = v.optObject(meta, 'annotations', ['metadata'])
  if (annotations) {
    for (const key of Object.keys(annotations).sort()) {
      const path = ['metadata', 'annotations', key]
      v.invalid('invalid-annotation-key', path, key, isQualifiedName(key.toLowerCase()), 'Annotation keys are [prefix/]name: an optional DNS subdomain prefix and a name of at most 63 alphanumeric, `-`, `_`, `.` characters.')
      const val = annotations[key]
      if (typeof val !== 'string') v.wrongType(path, val, 'a string (quote it)')
    }
    // ValidateIngressCreate: the legacy annotation must match spec.ingressClassName when both are set.
    const annotationClass = annotations[ANNOTATION_INGRESS_CLASS]
    const spec = obj.spec
    const className = isObj(spec) ? spec.ingressClassName : undefined
    if (typeof annotationClass === 'string' && typeof className === 'string' && annotationClass !== className) {
      v.report(
        'ingress-class-mismatch',
        ['metadata', 'annotations', ANNOTATION_INGRESS_CLASS],
        `invalid value ${show(annotationClass)}: must match \`ingressClassName\` (${show(className)}) when both are specified`,
        'Remove the deprecated kubernetes.io/ingress.class annotation and keep spec.ingressClassName.',
        true,
      )
    }
  }
}

/** ValidateIngressSpec. */
function validateSpec(v: Validator, spec: Obj, beta: boolean): void {
  const backendKey = beta ? 'backend' : 'defaultBackend'
  const rules = v.optArray(spec, 'rules', ['spec'])
  const defaultBackend = v.optObject(spec, backendKey, ['spec'])
  if ((rules === undefined || rules.length === 0) && defaultBackend === undefined && spec[backendKey] == null) {
    const hint =
      !beta && isObj(spec.backend)
        ? 'spec.backend is the v1beta1 name: in networking.k8s.io/v1 write it as spec.defaultBackend.'
        : `Add spec.rules (host and http.paths) or a spec.${backendKey}.`
    v.report('spec-empty', ['spec'], `either \`${backendKey}\` or \`rules\` must be specified`, hint)
  }
  if (defaultBackend) validateBackend(v, defaultBackend, ['spec', backendKey], beta)
  if (rules) validateRules(v, rules, beta)
  const tls = v.optArray(spec, 'tls', ['spec'])
  if (tls) validateTLS(v, tls)
  const className = v.optString(spec, 'ingressClassName', ['spec'])
  if (className !== undefined) {
    // ValidateIngressClassName = NameIsDNSSubdomain (an empty string fails it too).
    v.invalid('invalid-ingress-class-name', ['spec', 'ingressClassName'], className, isDNS1123Subdomain(className), 'Name an IngressClass: a lower-case DNS-1123 subdomain such as `nginx`.')
  }
}

/** validateIngressRules + validateIngressRuleValue + validateHTTPIngressRuleValue. */
function validateRules(v: Validator, rules: unknown[], beta: boolean): void {
  rules.forEach((rule, i) => {
    const rpath: FieldPath = ['spec', 'rules', i]
    if (!isObj(rule)) {
      v.wrongType(rpath, rule, 'an object')
      return
    }
    const host = v.optString(rule, 'host', rpath)
    if (host) {
      const hpath = [...rpath, 'host']
      if (isIPSloppy(host)) {
        v.report('host-is-ip', hpath, `invalid value ${show(host)}: must be a DNS name, not an IP address`, 'Ingress hosts are names: remove the host to match every host, or use a DNS name that resolves to this address.')
      }
      if (host.includes('*')) {
        v.invalid('invalid-wildcard-host', hpath, host, isWildcardDNS1123Subdomain(host), 'A wildcard must be the whole first label, e.g. `*.example.com`; it matches exactly one label. Omit the host to match every host.')
      } else {
        const msgs = isDNS1123Subdomain(host)
        const lower = host.toLowerCase()
        const hint =
          lower !== host && isDNS1123Subdomain(lower).length === 0
            ? `Write the host in lower case: ${show(lower)}.`
            : /:\d+$/.test(host)
              ? 'Remove the port: an Ingress host is a name only.'
              : 'Use a lower-case DNS name such as `www.example.com` (no scheme, port or path).'
        v.invalid('invalid-host', hpath, host, msgs, hint)
      }
    }
    const http = v.optObject(rule, 'http', rpath)
    if (!http) return
    const hp: FieldPath = [...rpath, 'http']
    const paths = v.optArray(http, 'paths', hp)
    if (!paths || paths.length === 0) {
      v.report('http-paths-required', [...hp, 'paths'], 'Required value', 'Add at least one path (e.g. `path: /`, `pathType: Prefix`) or remove the `http` key.')
      return
    }
    paths.forEach((p, j) => {
      const ppath = () => [...hp, 'paths', j]
      if (!isObj(p)) v.wrongType(ppath, p, 'an object')
      else validateHTTPPath(v, p, ppath, beta)
    })
  })
}

/** validateHTTPIngressPath. */
function validateHTTPPath(v: Validator, p: Obj, ppath: PathArg, beta: boolean): void {
  const path = v.optString(p, 'path', ppath) ?? ''
  let pathType = v.optString(p, 'pathType', ppath)
  if (pathType === undefined && p.pathType == null && beta) pathType = 'ImplementationSpecific' // v1beta1 defaulting
  if (pathType === undefined) {
    // The API server stops here for this path: the backend is not validated.
    if (p.pathType == null) {
      v.report('path-type-required', under(ppath, 'pathType'), 'Required value: pathType must be specified', 'Add `pathType: Prefix` (or Exact; ImplementationSpecific leaves matching to the controller).')
    }
    return
  }
  const vpath = under(ppath, 'path')
  switch (pathType) {
    case 'Exact':
    case 'Prefix':
      if (!path.startsWith('/')) {
        v.report('path-not-absolute', vpath, `invalid value ${show(path)}: must be an absolute path`, path === '' ? 'Add `path: /` (or the path to match).' : `Start the path with \`/\`: ${show(`/${path}`)}.`)
      }
      if (path.length > 0) {
        const msgs: string[] = []
        for (const seq of INVALID_PATH_SEQUENCES) if (path.includes(seq)) msgs.push(`must not contain '${seq}'`)
        for (const suf of INVALID_PATH_SUFFIXES) if (path.endsWith(suf)) msgs.push(`cannot end with '${suf}'`)
        v.invalid('invalid-path', vpath, path, msgs, 'Write the path in normalized form: no empty, `.` or `..` segments and no encoded slash.')
      }
      break
    case 'ImplementationSpecific':
      if (path.length > 0 && !path.startsWith('/')) {
        v.report('path-not-absolute', vpath, `invalid value ${show(path)}: must be an absolute path`, `Start the path with \`/\`: ${show(`/${path}`)}.`)
      }
      break
    default:
      v.report(
        'invalid-path-type',
        under(ppath, 'pathType'),
        `Unsupported value ${show(pathType)}: supported values: "Exact", "ImplementationSpecific", "Prefix"`,
        `Use one of ${PATH_TYPES.join(', ')} (case-sensitive).`,
      )
  }
  const backend = p.backend
  if (backend === undefined || backend === null) {
    v.report('backend-missing', under(ppath, 'backend'), 'resource or service backend is required', backendHint(beta))
  } else if (!isObj(backend)) v.wrongType(under(ppath, 'backend'), backend, 'an object')
  else validateBackend(v, backend, under(ppath, 'backend'), beta)
}

function backendHint(beta: boolean): string {
  return beta
    ? 'Set serviceName and servicePort (or resource).'
    : 'Set backend.service.name and backend.service.port.number (or .name), or backend.resource.'
}

/** validateIngressBackend, on the internal shape (v1beta1 serviceName/servicePort converted). */
function validateBackend(v: Validator, b: Obj, bpath: PathArg, beta: boolean): void {
  let service: {name?: string; nameField: PathArg; portName?: string; portNumber?: number; portField: PathArg} | undefined
  if (beta) {
    const name = v.optString(b, 'serviceName', bpath)
    const sp = b.servicePort
    let portName: string | undefined
    let portNumber: number | undefined
    if (typeof sp === 'string') portName = sp
    else if (typeof sp === 'number') portNumber = sp
    else if (sp !== undefined && sp !== null) v.wrongType(under(bpath, 'servicePort'), sp, 'a number or a port name')
    // Convert_v1beta1_IngressBackend_To_networking_IngressBackend: a service backend exists when any part is set.
    if (name || portName !== undefined || (portNumber !== undefined && portNumber !== 0)) {
      service = {name, nameField: under(bpath, 'serviceName'), portName, portNumber, portField: under(bpath, 'servicePort')}
    }
  } else {
    const svc = v.optObject(b, 'service', bpath)
    if (svc) {
      const sPath = under(bpath, 'service')
      const name = v.optString(svc, 'name', sPath)
      const port = v.optObject(svc, 'port', sPath)
      let portName: string | undefined
      let portNumber: number | undefined
      if (port) {
        portName = v.optString(port, 'name', under(sPath, 'port'))
        const num = port.number
        if (typeof num === 'number') portNumber = num
        else if (num !== undefined && num !== null) v.wrongType(under(under(sPath, 'port'), 'number'), num, 'an integer')
      }
      service = {name, nameField: under(sPath, 'name'), portName, portNumber, portField: under(sPath, 'port')}
    }
  }
  const resource = v.optObject(b, 'resource', bpath)

  if (service && resource) {
    v.report('backend-service-and-resource', bpath, 'cannot set both resource and service backends', 'Keep either the service or the resource backend.')
    return
  }
  if (resource) {
    validateResource(v, resource, [...pathOf(bpath), 'resource'])
    return
  }
  if (!service) {
    const hint =
      !beta && (b.serviceName !== undefined || b.servicePort !== undefined)
        ? 'serviceName/servicePort are v1beta1 fields: in networking.k8s.io/v1 write service: {name: NAME, port: {number: PORT}} (or port: {name: PORT_NAME}).'
        : backendHint(beta)
    v.report('backend-missing', bpath, 'resource or service backend is required', hint)
    return
  }
  if (!service.name) {
    v.report('service-name-required', service.nameField, 'Required value', 'Name the backend Service.')
  } else {
    v.invalid('invalid-service-name', service.nameField, service.name, isDNS1035Label(service.name), 'Service names are DNS-1035 labels: lower-case letters, digits and `-`, starting with a letter, at most 63 characters.')
  }
  const hasName = (service.portName ?? '').length > 0
  const hasNumber = service.portNumber !== undefined && service.portNumber !== 0
  if (hasName && hasNumber) {
    v.report('service-port-name-and-number', service.portField, 'cannot set both port name & port number', 'Keep either port.name (a named Service port) or port.number.')
  } else if (hasName) {
    const f = beta ? service.portField : under(service.portField, 'name')
    const hint = /^\d+$/.test(service.portName!) ? `A quoted number is a port name: write the number unquoted (${service.portName}).` : 'Port names are IANA service names: at most 15 of a-z, 0-9 and `-`, with at least one letter.'
    v.invalid('invalid-port-name', f, service.portName, isValidPortName(service.portName!), hint)
  } else if (hasNumber) {
    const f = beta ? service.portField : under(service.portField, 'number')
    v.invalid('invalid-port-number', f, service.portNumber, isValidPortNum(service.portNumber!), 'Use the Service port number (1-65535), not the container port name.')
  } else {
    v.report('service-port-required', service.portField, 'Required value: port name or number is required', beta ? 'Set servicePort to the Service port number or name.' : 'Set service.port.number (or service.port.name).')
  }
}

/** validateIngressTypedLocalObjectReference. */
function validateResource(v: Validator, r: Obj, rpath: FieldPath): void {
  const apiGroup = v.optString(r, 'apiGroup', rpath)
  if (apiGroup !== undefined) {
    v.invalid('invalid-resource-api-group', [...rpath, 'apiGroup'], apiGroup, isDNS1123Subdomain(apiGroup), 'Use the API group of the referenced kind, e.g. `k8s.example.com`; omit it for the core group.')
  }
  const kind = v.optString(r, 'kind', rpath)
  if (!kind) v.report('resource-kind-required', [...rpath, 'kind'], 'Required value', 'Set resource.kind.')
  else v.invalid('invalid-resource-kind', [...rpath, 'kind'], kind, isPathSegmentName(kind), 'A kind may not be `.` or `..` nor contain `/` or `%`.')
  const name = v.optString(r, 'name', rpath)
  if (!name) v.report('resource-name-required', [...rpath, 'name'], 'Required value', 'Set resource.name.')
  else v.invalid('invalid-resource-name', [...rpath, 'name'], name, isPathSegmentName(name), 'A name may not be `.` or `..` nor contain `/` or `%`.')
}

/** validateIngressTLS (create: secret names are checked). */
function validateTLS(v: Validator, tls: unknown[]): void {
  tls.forEach((t, i) => {
    const tpath: FieldPath = ['spec', 'tls', i]
    if (!isObj(t)) {
      v.wrongType(tpath, t, 'an object')
      return
    }
    const hosts = v.optArray(t, 'hosts', tpath)
    hosts?.forEach((h, j) => {
      const hpath = [...tpath, 'hosts', j]
      if (typeof h !== 'string') {
        v.wrongType(hpath, h, 'a string')
        return
      }
      const msgs = h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h)
      v.invalid('invalid-tls-host', hpath, h, msgs, h.includes('*') ? 'A wildcard must be the whole first label, e.g. `*.example.com`.' : 'Use the lower-case DNS name the certificate is for, e.g. `www.example.com`.')
    })
    const secretName = v.optString(t, 'secretName', tpath)
    // validateTLSSecretName: empty is allowed; otherwise ValidateSecretName (NameIsDNSSubdomain).
    if (secretName) {
      // Create-only: updates keep an invalid name the object already had (allowInvalidSecretName).
      v.invalid('invalid-tls-secret-name', [...tpath, 'secretName'], secretName, isDNS1123Subdomain(secretName), 'Name the kubernetes.io/tls Secret: a lower-case DNS-1123 subdomain.', true)
    }
  })
}
