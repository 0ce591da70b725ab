import {stringAnnotation} from './nginx-kinds.js'

/** `upstream-vhost`: `proxy_set_header Host <value>` (nginx.tmpl); X-Forwarded-Host keeps the client's host. */
export const upstreamVhost = stringAnnotation('upstream-vhost', {
  summary: 'Host header sent upstream',
  values: ['a host name'],
  docs: "The upstream receives this Host header instead of the client's; X-Forwarded-Host still carries the client's host.",
})
