// The four pages. Hash history: the app is served from app://renderer/index.html, where a path
// history would ask the protocol handler for files that do not exist.
import {
  createRouter,
  createWebHashHistory,
  START_LOCATION,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router'
import ConnectedAppsView from '../views/ConnectedAppsView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title, used for the nav, the document title and the heading. */
    titleKey: 'nav.apps' | 'nav.alerts' | 'nav.export' | 'nav.settings' | 'detail.title'
  }
}

// Connected apps is in the entry bundle (the page the app opens on); the other pages, and what only
// they use (the contract's zod schemas for the tenant and alert forms), load when first opened.
export const appRoutes = [
  { path: '/apps', name: 'apps', component: ConnectedAppsView, meta: { titleKey: 'nav.apps' } },
  {
    path: '/alerts',
    name: 'alerts',
    component: () => import('../views/AlertsView.vue'),
    meta: { titleKey: 'nav.alerts' },
  },
  {
    path: '/export',
    name: 'export',
    component: () => import('../views/ExportView.vue'),
    meta: { titleKey: 'nav.export' },
  },
  {
    path: '/settings',
    name: 'settings',
    component: () => import('../views/SettingsView.vue'),
    meta: { titleKey: 'nav.settings' },
  },
] satisfies RouteRecordRaw[]

export type AppRouteName = (typeof appRoutes)[number]['name']

export function createAppRouter(history: RouterHistory = createWebHashHistory()) {
  return createRouter({
    history,
    // Pages are short; a link to a section (Settings#tenant) scrolls to it, anything else to the top.
    // Not on the first navigation: a new document is at the top already, and scrolling it would
    // force a layout of the page while it starts (tens of ms before the first rows).
    scrollBehavior: (to, from) =>
      to.hash ? { el: to.hash, top: 16 } : from === START_LOCATION ? false : { top: 0 },
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
