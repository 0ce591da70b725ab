import {stringAnnotation} from './nginx-kinds.js'

/** `proxy-redirect-from`: with proxy-redirect-to, `proxy_redirect <from> <to>` (nginx.tmpl); `off` and `default` change nothing. */
export const proxyRedirectFrom = stringAnnotation('proxy-redirect-from', {
  summary: 'Location prefix replaced by proxy-redirect-to',
  values: ['a URL prefix', 'off', 'default'],
  defaultValue: 'off',
  docs: 'A `Location` (or `Refresh`) header of an upstream answer starting with this text gets `proxy-redirect-to` in its place. Default: ConfigMap `proxy-redirect-from` (`off`).',
})
