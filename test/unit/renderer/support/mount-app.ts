// Mounts the whole shell (App.vue with Pinia, router on memory history, i18n) over a fake bridge,
// the way main.ts does with the real one.
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createMemoryHistory } from 'vue-router'
import App from '../../../../src-renderer/src/App.vue'
import { createApiClient, setApiClient } from '../../../../src-renderer/src/api/client'
import { createAppI18n } from '../../../../src-renderer/src/i18n'
import { createAppRouter } from '../../../../src-renderer/src/router'
import type { FakeBridge } from './fake-bridge'

export async function mountApp(bridge: FakeBridge, path = '/apps') {
  setApiClient(createApiClient(bridge.api))
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createAppRouter(createMemoryHistory())
  const i18n = createAppI18n('en')
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, {
    global: { plugins: [pinia, router, i18n] },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, router, i18n, pinia }
}
