import {test} from 'node:test'
import fc from 'fast-check'
import {suiteParameters} from './runs.js'
import {tableProperty} from './table.property.js'

test(tableProperty.name, async () => {
  const {property, close} = await tableProperty.build()
  try {
    fc.assert(property, suiteParameters(tableProperty))
  } finally {
    await close()
  }
})
