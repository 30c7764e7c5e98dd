import { within } from '@testing-library/dom';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { ApiError, CLIENT_ERROR_CODES } from '../api/api-error.js';
import { setLocale } from '../i18n/use-i18n.js';
import ErrorMessage from './ErrorMessage.vue';

const render = (error: unknown) => {
  mount(ErrorMessage, { props: { error }, attachTo: document.body });
  return within(document.body);
};

describe('ErrorMessage', () => {
  it('when the server explained the failure, then its message and correlation id show in an alert', () => {
    const screen = render(
      new ApiError(429, 'rate_limited', 'Too many attempts, try again in 30 s', 'req-9'),
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Too many attempts, try again in 30 s');
    expect(alert.textContent).toContain('Correlation id: req-9');
    expect(alert.textContent).not.toContain('{');
  });

  it('when validation failed, then the field details are readable', () => {
    const screen = render(
      new ApiError(400, 'validation_failed', 'Invalid body', undefined, [
        { path: 'title', message: 'Too long' },
      ]),
    );
    expect(screen.getByRole('alert').textContent).toContain('Invalid body — title: Too long');
  });

  it('when the failure has no explanation, then a translated one shows', () => {
    setLocale('zh-TW');
    const screen = render(new ApiError(0, CLIENT_ERROR_CODES.network, ''));
    expect(screen.getByRole('alert').textContent).toContain('無法連線到伺服器');
  });

  it('when the server explains in English and the reader reads 繁體中文, then a known code is said in Chinese', () => {
    setLocale('zh-TW');
    const wrong = render(new ApiError(401, 'INVALID_CREDENTIALS', 'Wrong username or password'));
    expect(wrong.getByRole('alert').textContent).toContain('使用者名稱或密碼錯誤。');
    document.body.innerHTML = '';
    const limited = render(
      new ApiError(429, 'RATE_LIMITED', 'Too many sign-in attempts; retry in 42 s'),
    );
    expect(limited.getByRole('alert').textContent).toContain('請在 42 秒後再試');
    document.body.innerHTML = '';
    const unknown = render(new ApiError(409, 'SOMETHING_NEW', 'A new failure'));
    expect(unknown.getByRole('alert').textContent).toContain('A new failure');
  });

  it('when something unexpected was thrown, then it does not leak it', () => {
    const screen = render({ secret: 'stack' });
    expect(screen.getByRole('alert').textContent?.trim()).toBe('Something went wrong.');
  });

  it('when there is no error, then nothing renders', () => {
    const screen = render(null);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
