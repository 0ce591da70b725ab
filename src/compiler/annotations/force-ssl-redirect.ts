import {boolAnnotation} from './nginx-kinds.js'

/** `force-ssl-redirect`: HTTP requests are redirected to HTTPS even without a certificate for the host (lua_ingress.lua). */
export const forceSslRedirect = boolAnnotation('force-ssl-redirect', {
  summary: 'Redirect HTTP to HTTPS even when the host has no TLS',
  defaultValue: 'false',
  docs: 'Plain HTTP requests get a redirect to HTTPS whether the host has a certificate or not. Default: ConfigMap `force-ssl-redirect` (false).',
})
