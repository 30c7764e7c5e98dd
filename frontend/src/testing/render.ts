import { within } from '@testing-library/dom';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import type { Component } from 'vue';
import { createMemoryHistory } from 'vue-router';
import { createAppRouter } from '../router.js';

/**
 * Mounts a component with a fresh Pinia and the app's router (in memory) at `path`, and answers
 * testing-library queries (by role, by label) on what it rendered.
 */
export async function renderWithApp(
  component: Component,
  options: { path?: string; props?: Record<string, unknown> } = {},
) {
  const pinia = createPinia();
  setActivePinia(pinia);
  const router = createAppRouter(pinia, createMemoryHistory());
  await router.push(options.path ?? '/');
  await router.isReady();
  const wrapper = mount(component, {
    props: options.props,
    global: { plugins: [pinia, router] },
    attachTo: document.body,
  });
  await flushPromises();
  return { wrapper, router, pinia, screen: within(document.body) };
}

export { flushPromises };

/** Types a whole value into a text field the way v-model hears it (an input event). */
export async function typeInto(element: HTMLElement, value: string): Promise<void> {
  (element as HTMLInputElement).value = value;
  element.dispatchEvent(new Event('input', { bubbles: true }));
  await flushPromises();
}
