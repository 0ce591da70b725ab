import {test} from 'node:test'
import fc from 'fast-check'
import {gatewayRequestProperty, gatewayResponseProperty} from './gateway.property.js'
import {suiteParameters} from './runs.js'

for (const p of [gatewayResponseProperty, gatewayRequestProperty]) {
  test(p.name, async () => {
    const {property, close} = await p.build()
    try {
      await fc.assert(property, suiteParameters(p))
    } finally {
      await close()
    }
  })
}
