import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import sharp from 'sharp';
import { contractInStatus, customerBody, kstNow, newPhone, SEOUL, upload } from '../helpers/contract-flow.js';
import type { TestServer } from '../helpers/platform.js';

/**
 * The world the authorisation matrix runs in: an owner (partner A) with objects in both modes,
 * another partner (B), keys and sessions alive and dead, and the table of every route with what a
 * caller who does not own the object must get.
 */
type Mode = 'live' | 'test';

export interface Owned {
  name: string;
  id: string;
  mode: Mode;
}

export interface PartnerCredential {
  name: string;
  headers: Record<string, string>;
  /** The partner and mode it acts for; absent for a credential the API must not accept. */
  actsFor?: { partner: 'A' | 'B'; mode: Mode };
  /** The 401 code of a credential that is not a partner key at all. */
  refusedWith?: 'api_key_missing' | 'api_key_invalid';
  /** The caller's own uploaded images, so a request is valid in every way but whose object it is. */
  images: string[];
}

export interface AdminCredential {
  name: string;
  headers: Record<string, string>;
  /** `dead`: no session at all (401); `inspector`: a live session below admin (403 on admin-only routes). */
  kind: 'dead' | 'inspector';
}

export interface World {
  owned: Owned[];
  /** Everything of the owner's a stranger must never read back. */
  markers: string[];
  partnerCredentials: PartnerCredential[];
  adminCredentials: AdminCredential[];
  adminTargets: AdminTargets;
}

interface AdminTargets {
  contract: string;
  inspector: string;
  affiliate: string;
  key: string;
  device: string;
}

const PASSWORD = 'correct horse battery staple';

/** A small JPEG of its own colour, so no two uploads look like the same photo. */
async function distinctJpeg(seed: number): Promise<Buffer> {
  const background = { r: seed % 256, g: (seed * 7) % 256, b: (seed * 13) % 256 };
  return sharp({ create: { width: 64, height: 64, channels: 3, background } })
    .jpeg()
    .toBuffer();
}

async function uploadSix(server: TestServer, key: string, seed: number): Promise<string[]> {
  return Promise.all(
    [0, 1, 2, 3, 4, 5].map(async (n) => upload(server, key, await distinctJpeg(seed * 10 + n))),
  );
}

async function liveContract(server: TestServer, key: string): Promise<string> {
  const created = await server.call('POST', '/cp-insurance/contract/create/', {
    key,
    json: customerBody(`live-${randomUUID()}`, newPhone()),
  });
  if (created.status !== 201) throw new Error(`live create failed: ${created.text}`);
  return created.json.data.contract_id;
}

async function signIn(server: TestServer, email: string): Promise<string> {
  const answer = await server.call('POST', '/admin/api/login', { json: { email, password: PASSWORD } });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.text}`);
  return answer.json.data.token;
}

async function partnerCredentials(server: TestServer) {
  const a = await server.partner('test');
  const aLive = await server.platform.affiliates.createKey(a.affiliateId, 'live', { kind: 'cli' });
  const b = await server.partner('test');
  const bLive = await server.platform.affiliates.createKey(b.affiliateId, 'live', { kind: 'cli' });
  const revoked = await server.platform.affiliates.createKey(a.affiliateId, 'test', { kind: 'cli' });
  await server.platform.affiliates.revokeKey(revoked.key_id, { kind: 'cli' });
  const keyed = (name: string, key: string, actsFor: PartnerCredential['actsFor'], seed: number) =>
    uploadSix(server, key, seed).then((images) => ({
      name,
      headers: { 'X-ITECHS-API-KEY': key },
      actsFor,
      images,
    }));
  const valid = await Promise.all([
    keyed("the owner's test key", a.apiKey, { partner: 'A', mode: 'test' }, 1),
    keyed("the owner's live key", aLive.api_key, { partner: 'A', mode: 'live' }, 2),
    keyed("another partner's test key", b.apiKey, { partner: 'B', mode: 'test' }, 3),
    keyed("another partner's live key", bLive.api_key, { partner: 'B', mode: 'live' }, 4),
  ]);
  return { a, aLive, keyId: revoked.key_id, valid, revokedKey: revoked.api_key };
}

function refusedPartnerCredentials(
  revokedKey: string,
  webhookSecret: string,
  adminToken: string,
): PartnerCredential[] {
  const refused = (
    name: string,
    headers: Record<string, string>,
    refusedWith: PartnerCredential['refusedWith'],
  ) => ({ name, headers, refusedWith, images: [] });
  return [
    refused("the owner's revoked key", { 'X-ITECHS-API-KEY': revokedKey }, 'api_key_invalid'),
    refused('a malformed key', { 'X-ITECHS-API-KEY': `cpi_test_${'x'.repeat(43)}` }, 'api_key_invalid'),
    refused("the owner's webhook secret", { 'X-ITECHS-API-KEY': webhookSecret }, 'api_key_invalid'),
    refused('no key', {}, 'api_key_missing'),
    refused("an admin's session as Bearer", { authorization: `Bearer ${adminToken}` }, 'api_key_missing'),
    refused("an admin's session as the key", { 'X-ITECHS-API-KEY': adminToken }, 'api_key_invalid'),
  ];
}

async function adminCredentials(server: TestServer, partnerKey: string) {
  const create = (email: string, role: 'admin' | 'inspector') =>
    server.platform.inspectors.createInspector({ email, password: PASSWORD, role }, { kind: 'cli' });
  await create('admin@authz.test', 'admin');
  await create('inspector@authz.test', 'inspector');
  const leaver = await create('leaver@authz.test', 'inspector');
  await create('expired@authz.test', 'inspector');
  const signInAs = (who: string) => signIn(server, `${who}@authz.test`);
  const [admin, inspector, loggedOut, leaverToken, expired] = await Promise.all([
    signInAs('admin'),
    signInAs('inspector'),
    signInAs('inspector'),
    signInAs('leaver'),
    signInAs('expired'),
  ]);
  await server.call('POST', '/admin/api/logout', { headers: { authorization: `Bearer ${loggedOut}` } });
  await server.platform.inspectors.deactivateInspector(leaver.id, { kind: 'cli' });
  await sql`UPDATE admin_sessions SET expires_at = now() - interval '1 minute'
    WHERE inspector_id = (SELECT id FROM inspectors WHERE email = 'expired@authz.test')`.execute(
    server.platform.database.db,
  );
  // Same-origin, so that a cross-site-request guard is never the reason for a refusal here.
  const origin = { origin: server.baseUrl };
  const dead = (name: string, headers: Record<string, string>): AdminCredential => ({
    name,
    headers: { ...origin, ...headers },
    kind: 'dead',
  });
  const credentials: AdminCredential[] = [
    dead('no session', {}),
    dead('a made-up token', { authorization: `Bearer ${'z'.repeat(43)}` }),
    dead('a partner key in its header', { 'X-ITECHS-API-KEY': partnerKey }),
    dead('a partner key as Bearer', { authorization: `Bearer ${partnerKey}` }),
    dead('a logged-out session', { authorization: `Bearer ${loggedOut}` }),
    dead('a logged-out session cookie', { cookie: `cpi_session=${loggedOut}` }),
    dead('an expired session', { authorization: `Bearer ${expired}` }),
    dead("a deactivated inspector's session", { authorization: `Bearer ${leaverToken}` }),
    {
      name: "an inspector's session",
      headers: { ...origin, authorization: `Bearer ${inspector}` },
      kind: 'inspector',
    },
  ];
  return { credentials, adminToken: admin, inspectorId: leaver.id };
}

export async function prepareWorld(server: TestServer): Promise<World> {
  const partners = await partnerCredentials(server);
  const manual = { sandbox_outcome: 'manual' };
  const [fresh, registered, paid] = await Promise.all([
    contractInStatus(server, partners.a.apiKey, 0, `a-${randomUUID()}`, manual),
    contractInStatus(server, partners.a.apiKey, 1, `a-${randomUUID()}`, manual),
    contractInStatus(server, partners.a.apiKey, 3, `a-${randomUUID()}`, manual),
  ]);
  const liveId = await liveContract(server, partners.aLive.api_key);
  const firstImage = (credential: PartnerCredential | undefined) => {
    const id = credential?.images[0];
    if (!id) throw new Error(`no image uploaded for ${credential?.name}`);
    return id;
  };
  const [testImage, liveImage] = [firstImage(partners.valid[0]), firstImage(partners.valid[1])];
  const owned: Owned[] = [
    { name: 'a new test contract', id: fresh.contractId, mode: 'test' },
    { name: 'a registered test contract', id: registered.contractId, mode: 'test' },
    { name: 'a paid test contract', id: paid.contractId, mode: 'test' },
    { name: 'a live contract', id: liveId, mode: 'live' },
    { name: 'a test image', id: testImage, mode: 'test' },
    { name: 'a live image', id: liveImage, mode: 'live' },
  ];
  const admins = await adminCredentials(server, partners.a.apiKey);
  const { rows } = await sql<{ affiliate_cid: string; imei: string | null }>`
    SELECT affiliate_cid, imei FROM contracts WHERE affiliate_id = ${partners.a.affiliateId}`.execute(
    server.platform.database.db,
  );
  const device = await sql<{ id: string }>`SELECT id FROM devices LIMIT 1`.execute(
    server.platform.database.db,
  );
  return {
    owned,
    markers: [
      ...owned.map((object) => object.id),
      ...rows.flatMap((row) => [row.affiliate_cid, ...(row.imei ? [row.imei] : [])]),
      ...[fresh, registered, paid].map((state) => state.phone.imei),
    ],
    partnerCredentials: [
      ...partners.valid,
      ...refusedPartnerCredentials(partners.revokedKey, partners.a.webhookSecret, admins.adminToken),
    ],
    adminCredentials: admins.credentials,
    adminTargets: {
      contract: paid.contractId,
      inspector: admins.inspectorId,
      affiliate: partners.a.affiliateId,
      key: partners.keyId,
      device: device.rows[0]?.id ?? randomUUID(),
    },
  };
}

type Refusal = { status: number; code: string };
type Expectation = Refusal | 'own-data' | 'not-a-case';

export interface PartnerRoute {
  name: string;
  method: 'GET' | 'POST';
  path(id: string): string;
  body?(credential: PartnerCredential, id: string): unknown;
  /** What a valid key that does not own `target` gets. */
  expect(credential: PartnerCredential, target: Owned): Expectation;
}

const notFound: Refusal = { status: 404, code: 'not_found' };
/** Routes on an id: the object is someone else's, so it does not exist for this caller. */
const onObject = () => notFound;
/** Routes that create or send in the caller's own world: another partner's call there is no case. */
const ownWorldWrite = (): Expectation => 'not-a-case';
const ownWorldRead = (): Expectation => 'own-data';
const photos = (credential: PartnerCredential) => ({
  front_image: credential.images.slice(0, 3),
  rear_image: credential.images.slice(3, 6),
  location: SEOUL,
});

/** Every partner route of /openapi.json with a body valid in all but ownership. */
export function partnerRouteTable(): PartnerRoute[] {
  const contract = (suffix: string) => (id: string) => `/cp-insurance/contract/${id}/${suffix}`;
  return [
    {
      name: 'GET /cp-insurance/candidate/',
      method: 'GET',
      path: () => '/cp-insurance/candidate/',
      expect: ownWorldRead,
    },
    {
      name: 'POST /cp-insurance/candidate/',
      method: 'POST',
      path: () => '/cp-insurance/candidate/',
      body: () => ({ os: 'aos', device_name: 'SM-N981N' }),
      expect: ownWorldRead,
    },
    {
      name: 'POST /cp-insurance/image/',
      method: 'POST',
      path: () => '/cp-insurance/image/',
      expect: ownWorldWrite,
    },
    {
      name: 'GET /cp-insurance/image/{image_id}/',
      method: 'GET',
      path: (id) => `/cp-insurance/image/${id}/`,
      expect: onObject,
    },
    {
      name: 'POST /cp-insurance/contract/create/',
      method: 'POST',
      path: () => '/cp-insurance/contract/create/',
      body: () => customerBody(`x-${randomUUID()}`, newPhone()),
      expect: ownWorldWrite,
    },
    {
      name: 'POST /cp-insurance/contract/{contract_id}/step-1/',
      method: 'POST',
      path: contract('step-1/'),
      body: (credential) => ({
        device_info: { imei: newPhone().imei, model: 'SM-N981N' },
        device_info_image: credential.images[0],
        location: SEOUL,
      }),
      expect: onObject,
    },
    {
      name: 'POST /cp-insurance/contract/{contract_id}/step-2/',
      method: 'POST',
      path: contract('step-2/'),
      body: (credential) => ({ ...photos(credential), checkout_url: 'https://partner.example/pay' }),
      expect: onObject,
    },
    {
      name: 'POST /cp-insurance/contract/{contract_id}/step-2/update/',
      method: 'POST',
      path: contract('step-2/update/'),
      body: photos,
      expect: onObject,
    },
    {
      name: 'POST /cp-insurance/contract/{contract_id}/checkout/',
      method: 'POST',
      path: contract('checkout/'),
      body: () => ({ type: '0', amount: 43200, datetime: kstNow() }),
      expect: onObject,
    },
    {
      name: 'POST /cp-insurance/contract/{contract_id}/checkout/cancel/',
      method: 'POST',
      path: contract('checkout/cancel/'),
      body: () => ({ datetime: kstNow() }),
      expect: onObject,
    },
    {
      name: 'GET /cp-insurance/contract/{contract_id}/',
      method: 'GET',
      path: contract(''),
      expect: onObject,
    },
    {
      name: 'GET /cp-insurance/contract/',
      method: 'GET',
      path: () => '/cp-insurance/contract/?limit=100',
      expect: ownWorldRead,
    },
    {
      name: 'GET /cp-insurance/webhook/',
      method: 'GET',
      path: () => '/cp-insurance/webhook/',
      expect: ownWorldRead,
    },
    {
      name: 'POST /cp-insurance/test/clock/advance',
      method: 'POST',
      path: () => '/cp-insurance/test/clock/advance',
      body: (_credential, id) => ({ contract_id: id, hours: 1 }),
      expect: (credential) =>
        credential.actsFor?.mode === 'live' ? { status: 403, code: 'test_mode_only' } : notFound,
    },
    {
      name: 'POST /cp-insurance/webhook/test',
      method: 'POST',
      path: () => '/cp-insurance/webhook/test',
      body: () => ({}),
      expect: ownWorldWrite,
    },
  ];
}

export interface AdminRoute {
  name: string;
  method: 'GET' | 'POST' | 'PATCH';
  path(targets: AdminTargets): string;
  body?: unknown;
  /** Admins only; otherwise any signed-in inspector. `public`: no session needed (sign-in). */
  access: 'admin' | 'inspector' | 'public';
}

/** Every admin route of /openapi.json with the role it needs and the object its path names. */
export function adminRouteTable(): AdminRoute[] {
  const route = (
    method: AdminRoute['method'],
    template: string,
    access: AdminRoute['access'],
    options: { body?: unknown; id?: keyof AdminTargets } = {},
  ): AdminRoute => ({
    name: `${method} /admin/api${template.replace(/\{(?!contract_id)\w+\}/, '{id}')}`,
    method,
    access,
    ...(options.body === undefined ? {} : { body: options.body }),
    // An object that exists wherever the route names one (a delivery id that does not is as good).
    path: (targets) =>
      `/admin/api${template.replace(/\{\w+\}/, options.id ? targets[options.id] : randomUUID()).replace('{mode}', 'test')}`,
  });
  return [
    route('POST', '/login', 'public', { body: { email: 'admin@authz.test', password: PASSWORD } }),
    route('POST', '/logout', 'inspector', { body: {} }),
    route('GET', '/me', 'inspector'),
    route('GET', '/inspectors', 'admin'),
    route('POST', '/inspectors', 'admin', {
      body: { email: 'new@authz.test', password: PASSWORD, role: 'admin' },
    }),
    route('POST', '/inspectors/{id}/deactivate', 'admin', { body: {}, id: 'inspector' }),
    route('GET', '/inspections', 'inspector'),
    route('GET', '/contracts/{contract_id}', 'inspector', { id: 'contract' }),
    route('POST', '/contracts/{contract_id}/inspection', 'inspector', {
      body: { result: 0 },
      id: 'contract',
    }),
    route('GET', '/deliveries', 'inspector'),
    route('GET', '/notifications', 'inspector'),
    route('POST', '/deliveries/{id}/resend', 'admin', { body: {} }),
    route('GET', '/affiliates', 'admin'),
    route('POST', '/affiliates/{id}/keys', 'admin', { body: { mode: 'live' }, id: 'affiliate' }),
    route('POST', '/keys/{id}/revoke', 'admin', { body: {}, id: 'key' }),
    route('POST', '/affiliates/{id}/webhook-test', 'admin', { body: {}, id: 'affiliate' }),
    route('POST', '/affiliates/{id}/webhooks/{mode}/enable', 'admin', { body: {}, id: 'affiliate' }),
    route('GET', '/devices', 'admin'),
    route('PATCH', '/devices/{id}', 'admin', { body: { eligible: false }, id: 'device' }),
    route('POST', '/devices/import', 'admin', { body: {} }),
    route('GET', '/dashboard', 'admin'),
    route('GET', '/audit', 'admin'),
  ];
}
