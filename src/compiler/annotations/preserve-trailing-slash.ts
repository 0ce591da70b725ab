import {boolAnnotation} from './nginx-kinds.js'

/** `preserve-trailing-slash`: the HTTPS redirect keeps a trailing `/` of the request URI (lua_ingress.lua drops it by default). */
export const preserveTrailingSlash = boolAnnotation('preserve-trailing-slash', {
  summary: 'Keep the trailing slash in the HTTPS redirect',
  defaultValue: 'false',
  docs: 'The redirect to HTTPS keeps a trailing `/` of the request URI; by default ingress-nginx removes it (`/foo/` → `https://host/foo`).',
})
