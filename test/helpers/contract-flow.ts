import { renderPhoto } from '../../scripts/generate-photos.js';
import { PHOTO_VARIANTS } from '../../scripts/photo-variants.js';
import { renderAboutPhone } from '../../scripts/render-about-phone.js';
import type { TestServer } from './platform.js';

/** A phone the catalog knows, with a valid IMEI (Luhn) and a serial, as its About screen shows them. */
export interface Phone {
  os: 'aos' | 'ios';
  model: string;
  imei: string;
  serial: string;
}

export function luhnComplete(fourteen: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    let digit = Number(fourteen[13 - i]);
    if (i % 2 === 0) digit *= 2;
    sum += digit > 9 ? digit - 9 : digit;
  }
  return `${fourteen}${(10 - (sum % 10)) % 10}`;
}

let phoneCounter = 0;
/** A Galaxy Note 20 (SM-N981N) with an IMEI and serial of its own. */
export function newPhone(): Phone {
  phoneCounter++;
  const unique = String((Date.now() % 1_000_000) * 100 + phoneCounter)
    .padStart(8, '0')
    .slice(-8);
  return {
    os: 'aos',
    model: 'SM-N981N',
    imei: luhnComplete(`355${unique}012`.slice(0, 14)),
    serial: `R3CN${unique.slice(-6)}X`,
  };
}

/** What driving a contract needs: the API, and the platform's clock and catalog for the expected figures. */
export type FlowServer = Pick<TestServer, 'call' | 'platform'>;

export async function upload(
  server: Pick<TestServer, 'call'>,
  key: string,
  bytes: Buffer,
  type = 'image/jpeg',
): Promise<string> {
  const answer = await server.call('POST', '/cp-insurance/image/', {
    key,
    body: bytes,
    headers: { 'content-type': type },
  });
  if (answer.status !== 201) throw new Error(`upload failed: ${answer.status} ${answer.text}`);
  return answer.json.data.id;
}

export function customerBody(affiliateCid: string, phone: Phone) {
  return {
    customer: {
      name: '홍길동',
      ssn: '860906-1000000',
      cellphone: '010-1234-5678',
      email: 'customer@example.com',
      extra_1: '',
      extra_2: '',
      extra_3: null,
    },
    device: { os: phone.os, name: phone.model },
    affiliate_uid: 'user-1',
    affiliate_cid: affiliateCid,
  };
}

export const SEOUL = { lat: '37.5665', lng: '126.9780' };

export async function screenshotOf(phone: Phone): Promise<Buffer> {
  return renderAboutPhone({
    os: phone.os === 'aos' ? 'android' : 'ios',
    imeis: [phone.imei],
    serial: phone.serial,
    model: phone.model,
  });
}

/** Front photos showing the QR key (one straight, one mirrored, one rotated) and three rear photos. */
export async function claimPhotos(qrKey: string): Promise<{ front: Buffer[]; rear: Buffer[] }> {
  const variant = (name: string) => {
    const found = PHOTO_VARIANTS.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no photo variant ${name}`);
    return found;
  };
  const keys = { key: qrKey, otherKey: 'unused' };
  // Fresh seeds: every contract's photos are different rooms, as real ones are (else the duplicate check flags them).
  const seed = () => Math.floor(Math.random() * 1e9);
  const front = await Promise.all(
    ['straight', 'mirrored', 'rotated-15'].map((name) =>
      renderPhoto({ ...variant(name), seed: seed() }, keys),
    ),
  );
  const rear = await Promise.all(
    ['no-qr', 'rotated-45', 'blur-1'].map((name) =>
      renderPhoto({ ...variant(name), screen: 'no-qr', seed: seed() }, keys),
    ),
  );
  return { front, rear };
}

export interface FlowState {
  contractId: string;
  phone: Phone;
  qrKey?: string;
}

/** Drives a new contract through the partner API up to `status` (0–3): create, step-1, step-2, checkout. */
export async function contractInStatus(
  server: FlowServer,
  key: string,
  status: 0 | 1 | 2 | 3,
  cid = `cid-${Math.random().toString(36).slice(2)}`,
  /** More fields of the create body, e.g. `sandbox_outcome`. */
  createExtras: Record<string, unknown> = {},
): Promise<FlowState> {
  const phone = newPhone();
  const created = await server.call('POST', '/cp-insurance/contract/create/', {
    key,
    json: { ...customerBody(cid, phone), ...createExtras },
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.text}`);
  const state: FlowState = { contractId: created.json.data.contract_id, phone };
  if (status === 0) return state;
  const screenshot = await upload(server, key, await screenshotOf(phone), 'image/png');
  const step1 = await server.call('POST', `/cp-insurance/contract/${state.contractId}/step-1/`, {
    key,
    json: {
      device_info: { imei: phone.imei, model: phone.model },
      device_info_image: screenshot,
      location: SEOUL,
    },
  });
  if (step1.json?.data?.status !== 1) throw new Error(`step-1 failed: ${step1.text}`);
  state.qrKey = step1.json.data.qr.key;
  if (status === 1) return state;
  const photos = await claimPhotos(state.qrKey as string);
  const front = await Promise.all(photos.front.map((bytes) => upload(server, key, bytes)));
  const rear = await Promise.all(photos.rear.map((bytes) => upload(server, key, bytes)));
  const step2 = await server.call('POST', `/cp-insurance/contract/${state.contractId}/step-2/`, {
    key,
    json: {
      front_image: front,
      rear_image: rear,
      location: SEOUL,
      checkout_url: 'https://partner.example/pay/1',
    },
  });
  if (step2.json?.data?.status !== 2) throw new Error(`step-2 failed: ${step2.text}`);
  if (status === 2) return state;
  const checkout = await server.call('POST', `/cp-insurance/contract/${state.contractId}/checkout/`, {
    key,
    json: {
      type: '1',
      amount: await monthlyPremium(server, phone),
      datetime: kstNow(0, server.platform.clock.now()),
    },
  });
  if (checkout.json?.data?.status !== 3) throw new Error(`checkout failed: ${checkout.text}`);
  return state;
}

/** step-2/update/ with new photos of the contract's QR key (after a re-inspection request). */
export async function resubmitPhotos(server: Pick<TestServer, 'call'>, key: string, state: FlowState) {
  const photos = await claimPhotos(state.qrKey as string);
  const ids = await Promise.all([...photos.front, ...photos.rear].map((bytes) => upload(server, key, bytes)));
  return server.call('POST', `/cp-insurance/contract/${state.contractId}/step-2/update/`, {
    key,
    json: { front_image: ids.slice(0, 3), rear_image: ids.slice(3), location: SEOUL },
  });
}

export async function monthlyPremium(server: FlowServer, phone: Phone): Promise<number> {
  const device = await server.platform.devices.findDevice(phone.os, phone.model);
  if (!device) throw new Error(`${phone.model} is not in the catalog`);
  return device.premium_monthly;
}

/** "YYYY-MM-DD HH:mm:ss" in Korean time, `offsetMs` from `base` (the server's clock when tests move it). */
export function kstNow(offsetMs = 0, base = new Date()): string {
  const shifted = new Date(base.getTime() + offsetMs + 9 * 3_600_000);
  return shifted.toISOString().slice(0, 19).replace('T', ' ');
}
