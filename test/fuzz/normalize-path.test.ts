import {test} from 'node:test'
import fc from 'fast-check'
import {normalizePathProperty} from './normalize-path.property.js'
import {suiteParameters} from './runs.js'

test(normalizePathProperty.name, async () => {
  const {property, close} = await normalizePathProperty.build()
  try {
    fc.assert(property, suiteParameters(normalizePathProperty))
  } finally {
    await close()
  }
})
