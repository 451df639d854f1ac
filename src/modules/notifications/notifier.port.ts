import type { RenderedNotification } from './templates.js';

export interface NotifierMessage {
  /** Our id for this message; adapters pass it on so that a resend is recognised as the same message. */
  id: string;
  /** Korean mobile number as bare digits, e.g. 01012345678. */
  to: string;
  rendered: RenderedNotification;
}

/**
 * Failures say whether trying again later could help, so the worker knows whether to retry or to
 * record the message as failed for good.
 */
export type NotifierResult =
  | { status: 'sent'; providerMessageId: string }
  | { status: 'failed'; retryable: boolean; error: string };

/** Sends one alimtalk to a customer; never throws for a delivery problem, it answers `failed`. */
export interface Notifier {
  send(message: NotifierMessage): Promise<NotifierResult>;
}
