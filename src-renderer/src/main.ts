// Renderer entry. start.ts comes first: it sets up the client over window.api and asks for the
// Connected apps data before the rest of the bundle runs. Then Pinia, the router, i18n and the shell.
import './start'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import './styles/tokens.css'
import './styles/base.css'
import './styles/apps.css'

createApp(App).use(createPinia()).use(createAppRouter()).use(createAppI18n()).mount('#app')
