import {test} from 'node:test'
import fc from 'fast-check'
import {loaderProperty} from './loader.property.js'
import {suiteParameters} from './runs.js'

test(loaderProperty.name, async () => {
  const {property, close} = await loaderProperty.build()
  try {
    fc.assert(property, suiteParameters(loaderProperty))
  } finally {
    await close()
  }
})
