import type { Notifier } from './notifier.port.js';

/**
 * The default notifier while no alimtalk vendor is configured: the rendered message already sits in
 * the notifications table (shown in the admin API and console); "sending" marks it done there.
 */
export function createOutboxNotifier(label = 'outbox'): Notifier {
  return {
    send: async (message) => ({ status: 'sent', providerMessageId: `${label}:${message.id}` }),
  };
}
