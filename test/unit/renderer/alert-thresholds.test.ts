// The settings form's threshold checks agree with what main accepts (the contract's zod schema),
// value for value at every bound, and empty per-app entries are dropped before saving.
import { describe, expect, it } from 'vitest'
import {
  ruleThresholdsSchema,
  tenantAlertSettingsSchema,
  type TenantAlertSettings,
} from '../../../src-main/contract/alerts'
import {
  invalidThresholds,
  thresholdBounds,
  validThreshold,
  withoutEmptyOverrides,
  type Threshold,
} from '../../../src-renderer/src/alerts/thresholds'

const APP = '4b1c0f0e-8f1a-4c1e-9d55-0c4f2a7b9e10'

describe('alert threshold bounds', () => {
  it('accept exactly what main accepts', () => {
    for (const key of Object.keys(thresholdBounds) as Threshold[]) {
      const { min, max } = thresholdBounds[key]
      for (const value of [
        min - 1,
        min - 0.5,
        min,
        min + 0.5,
        min + 1,
        max - 0.5,
        max,
        max + 0.5,
        max + 1,
        Number.NaN,
        Infinity,
        -0,
      ]) {
        const main = ruleThresholdsSchema.safeParse({ [key]: value }).success
        expect(validThreshold(key, value), `${key} = ${value}`).toBe(main)
      }
    }
    expect(validThreshold('days', undefined)).toBe(true)
  })

  it('names every invalid field, tenant-wide and per application', () => {
    // What the form holds while the user types (main would refuse it).
    const tenant: TenantAlertSettings = {
      rules: { usageSpike: { thresholds: { factor: 0.5 } } },
      apps: { [APP]: { rules: { dormantApp: { days: 0 }, usageSpike: { minVolume: 10 } } } },
      timeZone: null,
    }
    expect(invalidThresholds(tenant)).toEqual(['usageSpike.factor', `${APP}.dormantApp.days`])
  })

  it('drops empty per-application entries but keeps muting', () => {
    const other = '5b1c0f0e-8f1a-4c1e-9d55-0c4f2a7b9e10'
    const tenant = tenantAlertSettingsSchema.parse({
      apps: {
        [APP]: { rules: { dormantApp: {}, usageSpike: { factor: 9 } } },
        [other]: { muted: true, rules: {} },
      },
    })
    expect(withoutEmptyOverrides(tenant).apps).toEqual({
      [APP]: { rules: { usageSpike: { factor: 9 } } },
      [other]: { muted: true },
    })
  })
})
