import { fireEvent } from '@testing-library/dom';
import { describe, expect, it } from 'vitest';
import { LOCALE_STORAGE_KEY } from '../i18n/use-i18n.js';
import { fakeFetch, json } from '../testing/fake-fetch.js';
import { flushPromises, renderWithApp } from '../testing/render.js';
import AppHeader from './AppHeader.vue';

describe('LocaleSwitch in the header', () => {
  it('when 繁體中文 is chosen, then the page switches, the choice is remembered and <html lang> follows', async () => {
    fakeFetch(() => json(401, { error: { code: 'unauthenticated', message: 'no session' } }));
    const { screen } = await renderWithApp(AppHeader);
    expect(screen.getByRole('link', { name: 'Todos' })).toBeTruthy();

    const select = screen.getByLabelText('Language') as HTMLSelectElement;
    select.value = 'zh-TW';
    await fireEvent.change(select);
    await flushPromises();

    expect(screen.getByRole('link', { name: '待辦事項' })).toBeTruthy();
    expect(screen.getByRole('navigation', { name: '主選單' })).toBeTruthy();
    expect((screen.getByLabelText('語言') as HTMLSelectElement).value).toBe('zh-TW');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-TW');
    expect(document.documentElement.lang).toBe('zh-TW');
  });
});
