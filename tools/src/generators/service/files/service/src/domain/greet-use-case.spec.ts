import type { StarterGreeting } from '@podlab/contracts';
import { describe, expect, it } from 'vitest';
import { GreetUseCase } from './greet-use-case.js';

describe('GreetUseCase', () => {
  it('when asked to greet, then every recorder gets the greeting it answers', async () => {
    const recorded: StarterGreeting[] = [];
    const greet = new GreetUseCase('Hi', 'pod-1', [
      { record: async (greetings) => void recorded.push(...greetings) },
    ]);
    const greeting = await greet.execute({ name: 'Ada' });
    expect(greeting).toMatchObject({ text: 'Hi, Ada!', servedBy: 'pod-1' });
    expect(recorded).toEqual([greeting]);
  });

  it('when a recorder fails, then the greeting fails too (nothing is answered that was not kept)', async () => {
    const greet = new GreetUseCase('Hi', 'pod-1', [
      { record: () => Promise.reject(new Error('down')) },
    ]);
    await expect(greet.execute({ name: 'Ada' })).rejects.toThrow('down');
  });
});
