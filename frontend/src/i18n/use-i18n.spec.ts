import { describe, expect, it, vi } from 'vitest';
import { en } from './messages-en.js';
import { zhTW } from './messages-zh-tw.js';
import { interpolate } from './messages.js';
import { LOCALE_STORAGE_KEY, initialLocale, setLocale, useI18n } from './use-i18n.js';

function leafPaths(node: object, prefix = ''): string[] {
  return Object.entries(node).flatMap(([key, value]) =>
    typeof value === 'string'
      ? [`${prefix}${key}`]
      : leafPaths(value as object, `${prefix}${key}.`),
  );
}

describe('useI18n', () => {
  it('when the locale is switched, then t answers in it and interpolates', () => {
    const { t, locale } = useI18n();
    expect(t('todos.itemsLeft', { count: 3 })).toBe('3 items left');
    setLocale('zh-TW');
    expect(locale.value).toBe('zh-TW');
    expect(t('todos.itemsLeft', { count: 3 })).toBe('剩下 3 項');
  });

  it('when a choice was saved, then it wins over the browser language', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'zh-TW');
    expect(initialLocale()).toBe('zh-TW');
  });

  it('when nothing was saved and the browser prefers Chinese, then it starts in 繁體中文', () => {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['zh-HK', 'en']);
    expect(initialLocale()).toBe('zh-TW');
  });

  it('when the saved value is junk, then it falls back to the browser language', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'klingon');
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(['en-GB']);
    expect(initialLocale()).toBe('en');
  });

  it('when a placeholder has no value, then it is left visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('then both catalogs have the same keys and no empty message', () => {
    expect(leafPaths(zhTW)).toEqual(leafPaths(en));
    for (const path of leafPaths(zhTW)) {
      const value = path
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], zhTW);
      expect(value, path).not.toBe('');
    }
  });
});
