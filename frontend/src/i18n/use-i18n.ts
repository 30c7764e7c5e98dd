import { computed, readonly, ref } from 'vue';
import { en } from './messages-en.js';
import { zhTW } from './messages-zh-tw.js';
import {
  interpolate,
  lookup,
  type MessageKey,
  type MessageParams,
  type Messages,
} from './messages.js';

export const LOCALES = ['en', 'zh-TW'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-TW': '繁體中文' };
export const LOCALE_STORAGE_KEY = 'podlab.locale';

const catalogs: Record<Locale, Messages> = { en, 'zh-TW': zhTW };

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** The remembered choice, else the browser's language (any Chinese → zh-TW), else English. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(LOCALE_STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage can be blocked (private mode): fall through
  }
  const preferred =
    typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return preferred.some((lang) => lang?.toLowerCase().startsWith('zh')) ? 'zh-TW' : 'en';
}

const current = ref<Locale>(initialLocale());
applyToDocument(current.value);

function applyToDocument(locale: Locale): void {
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export function setLocale(locale: Locale): void {
  current.value = locale;
  applyToDocument(locale);
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // not remembered, still switched
  }
}

export function translate(key: MessageKey, params?: MessageParams): string {
  return interpolate(lookup(catalogs[current.value], key), params);
}

/** The current locale, a switch, and `t('todos.itemsLeft', { count })`. Reactive: templates re-render on a switch. */
export function useI18n() {
  return {
    locale: readonly(current),
    t: translate,
    setLocale,
    locales: LOCALES,
    localeName: computed(() => LOCALE_NAMES[current.value]),
  };
}
