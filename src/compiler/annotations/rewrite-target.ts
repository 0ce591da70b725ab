import {stringAnnotation} from './nginx-kinds.js'

/**
 * `rewrite-target`: ingress-nginx adds `rewrite "(?i)<path>" <target> break;`
 * to each location of the Ingress (internal/ingress/controller/template/template.go,
 * buildProxyPass), unless the target equals the path. The whole request path
 * becomes the target, `$1`… taken from the path used as a case-insensitive
 * regex, the query kept. It also turns every path of the host into a regex location.
 */
export const rewriteTarget = stringAnnotation('rewrite-target', {
  summary: 'Path sent upstream instead of the request path ($1… from the path regex)',
  values: ['a path, with $1… captures'],
  docs: 'The request path is replaced by this target before proxying; `$1`… are the groups of the Ingress path read as a case-insensitive regular expression, the query string is kept. Every path of the host becomes a regex location.',
})
