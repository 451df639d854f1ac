import type { PiiCipher } from '../../core/crypto.js';
import { formatKstOrNull } from '../../core/time.js';
import { type ContractStatus, isContractStatus, statusName } from './contract-status.js';
import { maskRrn } from './customer-rules.js';

/** `status` and its `status_name` extension, as every contract answer carries them. */
export function statusFields(status: number) {
  if (!isContractStatus(status)) throw new Error(`Unknown contract status ${status}`);
  return { status, status_name: statusName(status as ContractStatus) };
}

/**
 * The resident number as answers show it (`860906-1******`). Decrypted on each read: no part of
 * the number is stored in clear, not even the masked part.
 */
export function maskedResidentNumber(encrypted: string | null, cipher: PiiCipher): string | null {
  return encrypted ? maskRrn(cipher.decrypt(encrypted)) : null;
}

interface StoredImage {
  image_id: string;
  role: string;
  round: number;
  checks: unknown;
  storage_key: string;
}

/** A contract's images as answers list them, each with a fresh 15-second link; `extra` adds fields. */
export function imageEntries<T extends StoredImage, E extends object>(
  images: readonly T[],
  imageUrl: (storageKey: string) => Promise<string>,
  extra: (image: T) => E = () => ({}) as E,
) {
  return Promise.all(
    images.map(async (image) => ({
      id: image.image_id,
      role: image.role,
      round: image.round,
      ...extra(image),
      checks: image.checks ?? null,
      url: await imageUrl(image.storage_key),
    })),
  );
}

interface StoredEvent {
  at: Date | string;
  action: string;
  actor: string;
  from_status: number | null;
  to_status: number | null;
  note: string | null;
}

/** A contract's timeline as answers list it, oldest first; `extra` adds fields. */
export function timelineEntries<T extends StoredEvent, E extends object>(
  events: readonly T[],
  extra: (event: T) => E = () => ({}) as E,
) {
  return events.map((event) => ({
    at: formatKstOrNull(event.at),
    action: event.action,
    actor: event.actor,
    ...extra(event),
    from_status: event.from_status,
    to_status: event.to_status,
    note: event.note,
  }));
}
