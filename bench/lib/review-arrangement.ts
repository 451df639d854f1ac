import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Platform } from '../../src/app.js';
import { contractInStatus, luhnComplete } from '../../test/helpers/contract-flow.js';
import { call, type TestServer } from '../../test/helpers/platform.js';

export const REVIEW_INSPECTOR = {
  email: 'bench-inspector@cp-insurance.test',
  password: 'correct horse battery staple',
};

const CHUNK = 500;
const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/**
 * The review page's data: an inspector to sign in as; one contract driven through the partner API
 * (OCR'd screenshot, three front and three rear photos: 7 images with their checks) and approved;
 * and `queued` contracts waiting in status 3, copied from it by plain inserts, each with its six
 * photos' checks, their inspection requests spread over the last days.
 */
export async function arrangeReview(platform: Platform, baseUrl: string, queued: number) {
  const partner = await platform.affiliates.createAffiliate({
    name: 'bench',
    mode: 'test',
    webhookUrl: null,
  });
  const inspector = await platform.inspectors.createInspector(
    { ...REVIEW_INSPECTOR, role: 'inspector' },
    { kind: 'cli' },
  );
  // contractInStatus needs only these two members of a test server.
  const driver = {
    platform,
    call: (method: string, path: string, options?: Parameters<typeof call>[3]) =>
      call(baseUrl, method, path, options),
  } as Pick<TestServer, 'platform' | 'call'> as TestServer;
  const { contractId } = await contractInStatus(driver, partner.api_key, 3);
  await platform.inspection.decide(contractId, { result: 0 }, inspector.id);

  const { db } = platform.database;
  const template = await db
    .selectFrom('contracts')
    .selectAll()
    .where('id', '=', contractId)
    .executeTakeFirstOrThrow();
  const photos = await db
    .selectFrom('contract_images')
    .innerJoin('images', 'images.id', 'contract_images.image_id')
    .selectAll('images')
    .select(['contract_images.role', 'contract_images.position', 'contract_images.checks'])
    .where('contract_images.contract_id', '=', contractId)
    .where('contract_images.role', '!=', 'device_info')
    .execute();
  const now = Date.now();
  for (let start = 0; start < queued; start += CHUNK) {
    const contracts = Array.from({ length: Math.min(CHUNK, queued - start) }, (_, offset) => {
      const n = start + offset;
      // Spread over ~3 days with jitter, so the queue's ORDER BY has real work and real ties to break.
      const requestedAt = new Date(now - n * 50_000 - Math.floor(Math.random() * 40_000));
      const { id: _id, ...rest } = template;
      return {
        ...rest,
        id: randomUUID(),
        affiliate_cid: `queue-${n}`,
        status: 3,
        inspection_round: 1,
        imei: luhnComplete(`35${String(n).padStart(12, '0')}`),
        customer_extra: json(rest.customer_extra),
        device_info: json(rest.device_info),
        ocr: json(rest.ocr),
        location: json(rest.location),
        insurance_start: null,
        insurance_end: null,
        contract_url: null,
        inspection_requested_at: requestedAt,
        created_at: new Date(requestedAt.getTime() - 600_000),
        updated_at: requestedAt,
      };
    });
    await db.insertInto('contracts').values(contracts).execute();
    const images = contracts.flatMap((contract) =>
      photos.map(({ id: _id, role, position, checks, ...image }) => ({
        row: { ...image, id: randomUUID(), storage_key: `${randomUUID()}.${image.format}` },
        link: { contract_id: contract.id, role, round: 1, position, checks: json(checks) },
      })),
    );
    await db
      .insertInto('images')
      .values(images.map((image) => image.row))
      .execute();
    await db
      .insertInto('contract_images')
      .values(images.map((image) => ({ ...image.link, image_id: image.row.id })))
      .execute();
  }
  // As autovacuum would soon after such an insert: without statistics the planner hash-joins all images.
  await sql`ANALYZE`.execute(db);
  return { contractId, queued, photosPerQueued: photos.length };
}
