import { enableAutoUnmount } from '@vue/test-utils';
import { afterEach, beforeEach } from 'vitest';
import { setLocale } from '../i18n/use-i18n.js';

enableAutoUnmount(afterEach);

beforeEach(() => {
  localStorage.clear();
  setLocale('en');
  localStorage.clear();
});
