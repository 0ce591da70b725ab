import {stringAnnotation} from './nginx-kinds.js'

/** `proxy-redirect-to`: the replacement for proxy-redirect-from (nginx.tmpl); `off` changes nothing. */
export const proxyRedirectTo = stringAnnotation('proxy-redirect-to', {
  summary: 'Replacement for the proxy-redirect-from prefix',
  values: ['a URL prefix', 'off'],
  defaultValue: 'off',
  docs: 'Replaces the `proxy-redirect-from` prefix of upstream `Location` headers. Default: ConfigMap `proxy-redirect-to` (`off`).',
})
