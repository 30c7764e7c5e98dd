import type { ChatMessage } from '@podlab/contracts';
import { within } from '@testing-library/dom';
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import ChatMessageList from './ChatMessageList.vue';

const message = (id: string, text: string, username = 'mallory'): ChatMessage => ({
  id,
  roomId: 'r1',
  userId: 'u2',
  username,
  text,
  createdAt: '2025-01-01T10:00:00.000Z',
});

describe('ChatMessageList', () => {
  it('when a message holds a script tag, then it shows as literal text and nothing runs', () => {
    const attack = '<script>alert(1)</script>';
    const wrapper = mount(ChatMessageList, {
      props: {
        messages: [message('1', attack, '<img src=x onerror=alert(2)>')],
        roomName: 'lobby',
        hasOlder: false,
        busy: false,
      },
      attachTo: document.body,
    });
    const log = within(document.body).getByRole('log', { name: 'Messages in lobby' });

    expect(within(log).getByText(attack)).toBeTruthy();
    expect(within(log).getByText('<img src=x onerror=alert(2)>')).toBeTruthy();
    expect(log.querySelector('script')).toBeNull();
    expect(log.querySelector('img')).toBeNull();
    wrapper.unmount();
  });

  it('when there are older messages, then a button offers them', async () => {
    const wrapper = mount(ChatMessageList, {
      props: { messages: [message('1', 'hi')], roomName: 'lobby', hasOlder: true, busy: false },
      attachTo: document.body,
    });
    within(document.body).getByRole('button', { name: 'Load older messages' }).click();
    expect(wrapper.emitted('loadOlder')).toHaveLength(1);
  });

  it('when the room is empty, then it says so', () => {
    mount(ChatMessageList, {
      props: { messages: [], roomName: 'lobby', hasOlder: false, busy: false },
      attachTo: document.body,
    });
    expect(within(document.body).getByText('No messages yet.')).toBeTruthy();
  });
});
