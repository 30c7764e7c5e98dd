import type { Pinia } from 'pinia';
import {
  createRouter,
  createWebHistory,
  type LocationQueryRaw,
  type RouteLocationRaw,
  type RouteRecordRaw,
  type RouterHistory,
} from 'vue-router';
import type { MessageKey } from './i18n/messages.js';
import { translate } from './i18n/use-i18n.js';
import HomePage from './pages/HomePage.vue';
import { useAuthStore } from './stores/auth-store.js';

declare module 'vue-router' {
  interface RouteMeta {
    title: MessageKey;
    /** Signed-out visitors go to sign-in first. */
    requiresAuth?: boolean;
    /** Signed-in users skip it (sign-in, sign-up). */
    guestOnly?: boolean;
  }
}

export const ROUTES = {
  home: 'home',
  signIn: 'sign-in',
  signUp: 'sign-up',
  todos: 'todos',
  chat: 'chat',
  pipeline: 'pipeline',
  servedBy: 'served-by',
  notFound: 'not-found',
} as const;
export type RouteName = (typeof ROUTES)[keyof typeof ROUTES];

/** The one way to name a destination: typed route name, then params and query. */
export function routeTo(
  name: RouteName,
  params?: Record<string, string>,
  query?: LocationQueryRaw,
): RouteLocationRaw {
  return { name, params, query };
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: ROUTES.home, component: HomePage, meta: { title: 'nav.home' } },
  {
    path: '/sign-in',
    name: ROUTES.signIn,
    component: () => import('./pages/SignInPage.vue'),
    meta: { title: 'nav.signIn', guestOnly: true },
  },
  {
    path: '/sign-up',
    name: ROUTES.signUp,
    component: () => import('./pages/SignUpPage.vue'),
    meta: { title: 'nav.signUp', guestOnly: true },
  },
  {
    path: '/todos',
    name: ROUTES.todos,
    component: () => import('./pages/TodosPage.vue'),
    meta: { title: 'nav.todos', requiresAuth: true },
  },
  {
    path: '/chat/:roomId?',
    name: ROUTES.chat,
    component: () => import('./pages/ChatPage.vue'),
    meta: { title: 'nav.chat', requiresAuth: true },
  },
  {
    path: '/pipeline',
    name: ROUTES.pipeline,
    component: () => import('./pages/PipelinePage.vue'),
    meta: { title: 'nav.pipeline' },
  },
  {
    path: '/served-by',
    name: ROUTES.servedBy,
    component: () => import('./pages/ServedByPage.vue'),
    meta: { title: 'nav.servedBy' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: ROUTES.notFound,
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { title: 'notFound.title' },
  },
];

/** A safe in-app redirect target: a path on this site, never another origin. */
export function safeRedirect(value: unknown): string | null {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')
    ? value
    : null;
}

export function createAppRouter(pinia: Pinia, history: RouterHistory = createWebHistory()) {
  const router = createRouter({ history, routes });

  router.beforeEach(async (to) => {
    const auth = useAuthStore(pinia);
    // Public pages render at once; only pages that depend on the session wait for it to be restored.
    if (!to.meta.requiresAuth && !to.meta.guestOnly) return void auth.restore();
    await auth.restore();
    if (to.meta.requiresAuth && !auth.signedIn)
      return routeTo(ROUTES.signIn, undefined, { redirect: to.fullPath });
    if (to.meta.guestOnly && auth.signedIn)
      return safeRedirect(to.query['redirect']) ?? routeTo(ROUTES.todos);
    return true;
  });

  router.afterEach((to) => {
    document.title = `${translate(to.meta.title)} · podlab`;
  });

  return router;
}
