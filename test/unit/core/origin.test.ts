import { describe, expect, it } from 'vitest'
import { originOf, trustedOriginPredicate } from '../../../src-main/core/origin'

describe('trustedOriginPredicate', () => {
  it('matches the custom app:// origin exactly, which Node reports as "null"', () => {
    const trusted = trustedOriginPredicate('app://renderer')
    expect(trusted('app://renderer/index.html#/apps')).toBe(true)
    expect(trusted('app://renderer.evil/index.html')).toBe(false)
    expect(trusted('app://other/index.html')).toBe(false)
    expect(trusted('https://renderer/')).toBe(false)
    expect(trusted('null')).toBe(false)
  })

  it('matches a dev server origin including its port', () => {
    const trusted = trustedOriginPredicate('http://localhost:5173')
    expect(trusted('http://localhost:5173/#/settings')).toBe(true)
    expect(trusted('http://localhost:5174/')).toBe(false)
    expect(originOf('not a url')).toBeNull()
  })
})
