import { randomUUID } from 'node:crypto';
import type { Mailbox, MailMessage } from '../context.js';

/**
 * The emulator's outbox: emails and SMS the auth service "sends" are kept in memory, oldest
 * first, for tests to read their codes and links.
 *
 * @example
 * ```ts
 * const mailbox = new MemoryMailbox();
 * mailbox.send({ to: 'ada@example.com', channel: 'email', type: 'magiclink', subject: 'Sign in', body: '…', token: '123456' });
 * mailbox.latest('ada@example.com')?.token; // '123456'
 * ```
 */
export class MemoryMailbox implements Mailbox {
  #messages: MailMessage[] = [];

  /** Records a message, giving it an id and a timestamp; returns it. */
  send(message: Omit<MailMessage, 'id' | 'sentAt'>): MailMessage {
    const stored: MailMessage = { ...message, id: randomUUID(), sentAt: new Date().toISOString() };
    this.#messages.push(stored);
    return stored;
  }

  /** All messages, oldest first; only those to `to` (case-insensitive for emails) when given. */
  list(to?: string): MailMessage[] {
    if (to === undefined) return [...this.#messages];
    const wanted = to.toLowerCase();
    return this.#messages.filter((m) => m.to.toLowerCase() === wanted);
  }

  /** The newest message to a recipient, if any. */
  latest(to: string): MailMessage | undefined {
    return this.list(to).at(-1);
  }

  /** Forgets every message. */
  clear(): void {
    this.#messages = [];
  }
}
