// The four pages. Hash history: the app is served from app://renderer/index.html, where a path
// history would ask the protocol handler for files that do not exist.
import {
  createRouter,
  createWebHashHistory,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import ConnectedAppsView from '../views/ConnectedAppsView.vue'
import AlertsView from '../views/AlertsView.vue'
import ExportView from '../views/ExportView.vue'
import SettingsView from '../views/SettingsView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, used for the nav, the document title and the heading. */
    titleKey: 'nav.apps' | 'nav.alerts' | 'nav.export' | 'nav.settings' | 'detail.title'
  }
}

export const appRoutes = [
  { path: '/apps', name: 'apps', component: ConnectedAppsView, meta: { titleKey: 'nav.apps' } },
  { path: '/alerts', name: 'alerts', component: AlertsView, meta: { titleKey: 'nav.alerts' } },
  { path: '/export', name: 'export', component: ExportView, meta: { titleKey: 'nav.export' } },
  {
    path: '/settings',
    name: 'settings',
    component: SettingsView,
    meta: { titleKey: 'nav.settings' },
  },
] satisfies RouteRecordRaw[]

export type AppRouteName = (typeof appRoutes)[number]['name']

export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    // Pages are short; a link to a section (Settings#tenant) scrolls to it, anything else to the top.
    scrollBehavior: (to) => (to.hash ? { el: to.hash, top: 16 } : { top: 0 }),
    routes: [
      { path: '/', redirect: { name: 'apps' } },
      ...appRoutes,
      // One app's detail; not in the sidebar (appRoutes), reached from the Connected apps table.
      {
        path: '/apps/:appId',
        name: 'app-detail',
        // Loaded when first opened: its charts (Chart.js) are not parsed before the first paint.
        component: () => import('../views/AppDetailView.vue'),
        props: true,
        meta: { titleKey: 'detail.title' },
      },
      { path: '/:unknown(.*)*', redirect: '/apps' },
    ],
  })
}
