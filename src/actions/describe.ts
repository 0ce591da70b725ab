/** One line per action, for `routes`, the TUI detail pane and `diff`: what the route does, in the order it happens. */
import {formatSize} from './size.js'
import type {RouteAction} from './types.js'

export function actionText(a: RouteAction): string {
  switch (a.type) {
    case 'access': {
      const parts: string[] = []
      if (a.deny.length > 0) parts.push(`clients in ${a.deny.join(', ')} get 403`)
      if (a.allow.length > 0) parts.push(`clients outside ${a.allow.join(', ')} get 403`)
      const client = a.realIp ? ` (client address from ${a.realIp.header}, trusted from ${a.realIp.trusted.join(', ')})` : ''
      return `${parts.join('; ')}${client}`
    }
    case 'app-root':
      return `a request for / is redirected (302) to $scheme://$http_host${a.root}`
    case 'body-size':
      return `a request body over ${formatSize(a.limit)} (${a.limit} bytes) is answered 413`
    case 'return':
      return a.status === 301 || a.status === 302 || a.status === 303 || a.status === 307 || a.status === 308
        ? `every request is redirected (${a.status}) to ${a.url}`
        : `every request is answered ${a.status} with the body ${a.url}`
    case 'rewrite':
      return `a path matching (?i)${a.pattern} is sent upstream as ${a.target}`
    case 'https-redirect':
      return `HTTP requests are redirected (${a.status}) to HTTPS${a.force ? ' (forced)' : ''}${a.preserveTrailingSlash ? ', trailing slash kept' : ''}${a.usePort ? ', port named' : ''}`
    case 'www-redirect':
      return `every request is redirected (${a.status}) to ${a.to}`
    case 'upstream-host':
      return `the upstream gets Host: ${a.host}`
    case 'request-header':
      return `the upstream gets ${a.name}: ${a.value}`
    case 'hsts':
      return `HTTPS answers carry Strict-Transport-Security: ${a.value}`
    case 'proxy-redirect':
      return `upstream Location ${a.from}… becomes ${a.to}…`
    case 'cookie-domain':
      return `upstream Set-Cookie domain ${a.from} becomes ${a.to}`
    case 'cookie-path':
      return `upstream Set-Cookie path ${a.from}… becomes ${a.to}…`
    case 'custom-errors':
      return `upstream answers ${a.codes.join(', ')} are replaced by Service ${a.backend.namespace}/${a.backend.name}'s answer`
    case 'default-backend':
      return `without endpoints, Service ${a.backend.namespace}/${a.backend.name}:${a.backend.port.number ?? a.backend.port.name ?? '?'} answers`
  }
}

/** The plain data `routes -o json|yaml` and the admin API show for an action. */
export interface ActionData {
  type: string
  effect: string
  by: string[]
}

export function actionData(a: RouteAction): ActionData {
  return {type: a.type, effect: actionText(a), by: [...a.by]}
}
