import { ref, shallowRef } from 'vue';

/**
 * Loading and error state around one async action. A 401 never reaches here as "sign in again":
 * the http client refreshes the token once, and a refused refresh signs the user out centrally.
 */
export function useAsync<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const pending = ref(false);
  const error = shallowRef<unknown>(null);

  async function run(...args: A): Promise<R | undefined> {
    pending.value = true;
    error.value = null;
    try {
      return await action(...args);
    } catch (caught) {
      error.value = caught;
      return undefined;
    } finally {
      pending.value = false;
    }
  }

  return { pending, error, run, clearError: () => (error.value = null) };
}
