import type { AuthSession, LoginRequest, RegisterRequest, User } from '@podlab/contracts';
import { acceptHMRUpdate, defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { setAuthHooks } from '../api/http-client.js';

/** The auth API (and the zod schemas it validates with) loads on first use, outside the initial bundle. */
const loadAuthApi = () => import('../api/auth-api.js').then((m) => m.authApi);

/** Refresh this long before the access token expires when a caller needs a token it cannot retry (EventSource). */
const EXPIRY_MARGIN_MS = 30_000;

/**
 * The signed-in user and the access token, kept in memory only (the refresh token is an httpOnly
 * cookie). Every API call goes through the http client, which asks this store for the token and,
 * on a 401, for one refresh shared by all the calls that failed at the same time.
 */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null);
  const accessToken = ref<string | null>(null);
  const expiresAt = ref(0);
  /** True when a session ended by itself (refresh refused), so sign-in can say why. */
  const sessionEnded = ref(false);
  const signedIn = computed(() => user.value !== null);

  let refreshing: Promise<string | null> | null = null;
  let restoring: Promise<void> | null = null;

  function setSession(session: AuthSession): void {
    user.value = session.user;
    accessToken.value = session.accessToken;
    expiresAt.value = Date.now() + session.expiresIn * 1000;
    sessionEnded.value = false;
  }

  function clearSession(ended: boolean): void {
    sessionEnded.value = ended;
    user.value = null;
    accessToken.value = null;
    expiresAt.value = 0;
  }

  function refresh(): Promise<string | null> {
    refreshing ??= (async () => {
      try {
        const session = await (await loadAuthApi()).refresh();
        setSession(session);
        return session.accessToken;
      } catch {
        clearSession(user.value !== null);
        return null;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  /** Once per page load: a refresh cookie may still hold a session. */
  function restore(): Promise<void> {
    restoring ??= refresh().then(() => undefined);
    return restoring;
  }

  async function signIn(credentials: LoginRequest): Promise<void> {
    setSession(await (await loadAuthApi()).login(credentials));
  }

  async function signUp(credentials: RegisterRequest): Promise<void> {
    await (await loadAuthApi()).register(credentials);
    await signIn(credentials);
  }

  async function signOut(): Promise<void> {
    try {
      await (await loadAuthApi()).logout();
    } catch {
      // the local session ends either way; the server forgets the refresh token when it expires
    } finally {
      clearSession(false);
    }
  }

  /** A token valid for a while yet, refreshing first if needed; null when signed out. */
  async function freshToken(): Promise<string | null> {
    if (accessToken.value && expiresAt.value - Date.now() > EXPIRY_MARGIN_MS)
      return accessToken.value;
    return refresh();
  }

  setAuthHooks({ token: () => accessToken.value, refresh });

  return {
    user,
    accessToken,
    sessionEnded,
    signedIn,
    signIn,
    signUp,
    signOut,
    refresh,
    restore,
    freshToken,
  };
});

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAuthStore, import.meta.hot));
