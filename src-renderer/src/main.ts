// Renderer entry: the client over window.api, then Pinia, the router and i18n, then the shell.
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { bridgeFromWindow, createApiClient, setApiClient } from './api/client'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import './styles/tokens.css'
import './styles/base.css'
import './styles/apps.css'

try {
  setApiClient(createApiClient(bridgeFromWindow()))
} catch {
  // Left unset on purpose: the shell shows that the page runs outside the app.
  setApiClient(null)
}

createApp(App).use(createPinia()).use(createAppRouter()).use(createAppI18n()).mount('#app')
