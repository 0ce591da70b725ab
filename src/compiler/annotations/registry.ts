import {appRoot} from './app-root.js'
import {backendProtocol} from './backend-protocol.js'
import {connectionProxyHeader} from './connection-proxy-header.js'
import {customHttpErrors} from './custom-http-errors.js'
import {defaultBackend} from './default-backend.js'
import {forceSslRedirect} from './force-ssl-redirect.js'
import {fromToWwwRedirect} from './from-to-www-redirect.js'
import {permanentRedirectCode} from './permanent-redirect-code.js'
import {permanentRedirect} from './permanent-redirect.js'
import {preserveTrailingSlash} from './preserve-trailing-slash.js'
import {proxyBodySize} from './proxy-body-size.js'
import {proxyCookieDomain} from './proxy-cookie-domain.js'
import {proxyCookiePath} from './proxy-cookie-path.js'
import {proxyHttpVersion} from './proxy-http-version.js'
import {proxyRedirectFrom} from './proxy-redirect-from.js'
import {proxyRedirectTo} from './proxy-redirect-to.js'
import {relativeRedirects} from './relative-redirects.js'
import {rewriteTarget} from './rewrite-target.js'
import {serverAlias} from './server-alias.js'
import {serviceUpstream} from './service-upstream.js'
import {allowlistSourceRange, denylistSourceRange, whitelistSourceRange} from './source-ranges.js'
import {sslRedirect} from './ssl-redirect.js'
import {temporalRedirectCode} from './temporal-redirect-code.js'
import {temporalRedirect} from './temporal-redirect.js'
import type {AnnotationDefinition} from './types.js'
import {upstreamVhost} from './upstream-vhost.js'
import {usePortInRedirects} from './use-port-in-redirects.js'
import {useRegex} from './use-regex.js'
import {xForwardedPrefix} from './x-forwarded-prefix.js'

/** Every annotation the compiler understands, by key. Add one module per annotation and list it here. */
export const ANNOTATIONS: ReadonlyMap<string, AnnotationDefinition> = new Map(
  (
    [
      appRoot,
      backendProtocol,
      connectionProxyHeader,
      customHttpErrors,
      defaultBackend,
      forceSslRedirect,
      fromToWwwRedirect,
      permanentRedirect,
      permanentRedirectCode,
      preserveTrailingSlash,
      proxyBodySize,
      proxyCookieDomain,
      proxyCookiePath,
      proxyHttpVersion,
      proxyRedirectFrom,
      proxyRedirectTo,
      relativeRedirects,
      rewriteTarget,
      serverAlias,
      serviceUpstream,
      sslRedirect,
      temporalRedirect,
      temporalRedirectCode,
      upstreamVhost,
      usePortInRedirects,
      useRegex,
      xForwardedPrefix,
      allowlistSourceRange,
      whitelistSourceRange,
      denylistSourceRange,
    ] as AnnotationDefinition[]
  ).map((a) => [a.key, a]),
)
