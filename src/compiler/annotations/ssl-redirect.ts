import {boolAnnotation} from './nginx-kinds.js'

/** `ssl-redirect`: HTTP requests to a host with a TLS certificate are redirected to HTTPS (lua_ingress.lua). Default: the ConfigMap's `ssl-redirect` (true). */
export const sslRedirect = boolAnnotation('ssl-redirect', {
  summary: 'Redirect HTTP to HTTPS when the host has TLS (default true)',
  defaultValue: 'true',
  docs: 'When the host has a certificate (spec.tls), plain HTTP requests get a redirect to HTTPS with the ConfigMap `http-redirect-code` (308). Default: ConfigMap `ssl-redirect` (true).',
})
