/** Test certificates (test/proxy/fixtures) and a TlsProvider choosing them by SNI, exact name first, then wildcard. */
import {readFileSync} from 'node:fs'
import * as tls from 'node:tls'
import type {TlsProvider} from '../../src/proxy/index.js'

const dir = new URL('../../../test/proxy/fixtures/', import.meta.url)
const read = (name: string) => readFileSync(new URL(name, dir), 'utf8')

export const CA = read('ca.crt')
export const protoPath = new URL('echo.proto', dir).pathname

const contexts: Record<string, tls.SecureContext> = {
  'a.test': tls.createSecureContext({cert: read('a-test.crt'), key: read('a-test.key')}),
  '*.b.test': tls.createSecureContext({cert: read('wild-b-test.crt'), key: read('wild-b-test.key')}),
}

export const testTls: TlsProvider = {
  SNICallback(servername, cb) {
    const exact = contexts[servername]
    if (exact) return cb(null, exact)
    const dot = servername.indexOf('.')
    const wild = dot > 0 ? contexts[`*${servername.slice(dot)}`] : undefined
    if (wild) return cb(null, wild)
    cb(new Error(`no certificate for ${servername}`))
  },
}
