import {stringAnnotation} from './nginx-kinds.js'

/** `x-forwarded-prefix`: `proxy_set_header X-Forwarded-Prefix "<value>"`, only where rewrite-target rewrites (template.go buildProxyPass). */
export const xForwardedPrefix = stringAnnotation('x-forwarded-prefix', {
  summary: 'X-Forwarded-Prefix sent upstream with rewrite-target',
  values: ['a string, $1… captures allowed'],
  docs: 'Sends `X-Forwarded-Prefix` with this value upstream, `$1`… taken from the rewrite; as in ingress-nginx it is sent only on paths `rewrite-target` rewrites.',
})
