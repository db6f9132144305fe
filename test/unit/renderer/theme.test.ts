// The theme follows the OS unless Settings override it; it is applied as data-theme on <html>.
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { createFakeBridge } from './support/fake-bridge'
import { mountApp } from './support/mount-app'

describe('theme', () => {
  let unmount: () => void = () => {}
  afterEach(() => unmount())

  it('applies the saved theme and switches when another one is picked', async () => {
    const bridge = createFakeBridge({ settings: { theme: 'dark' } })
    const { wrapper } = await mountApp(bridge, '/settings')
    unmount = () => wrapper.unmount()
    expect(document.documentElement.dataset.theme).toBe('dark')

    await wrapper.find('input[name="theme"][value="light"]').setValue(true)
    await flushPromises()
    expect(bridge.settings.theme).toBe('light')
    expect(document.documentElement.dataset.theme).toBe('light')
    expect(document.documentElement.style.colorScheme).toBe('light')
  })

  it('uses the OS preference for "system"', async () => {
    const { wrapper } = await mountApp(createFakeBridge({ settings: { theme: 'system' } }), '/apps')
    unmount = () => wrapper.unmount()
    const osPrefersDark = window.matchMedia('(prefers-color-scheme: dark)').matches
    expect(document.documentElement.dataset.theme).toBe(osPrefersDark ? 'dark' : 'light')
  })
})
