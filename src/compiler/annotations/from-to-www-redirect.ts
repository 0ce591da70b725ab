import {boolAnnotation} from './nginx-kinds.js'

/**
 * `from-to-www-redirect`: ingress-nginx adds a server for `www.<host>` (or
 * `<host>` without `www.`) answering `308 $scheme://<host>:$server_port<uri>`
 * (nginx.tmpl, lua/nginx/ngx_srv_redirect.lua), unless an Ingress already serves that host.
 */
export const fromToWwwRedirect = boolAnnotation('from-to-www-redirect', {
  summary: 'Redirect www.<host> to <host> (or the reverse)',
  defaultValue: 'false',
  docs: 'Requests for `www.` plus the host (or the host without `www.` when the rule host starts with `www.`) are redirected to the rule host with the ConfigMap `http-redirect-code` (308), port included.',
})
