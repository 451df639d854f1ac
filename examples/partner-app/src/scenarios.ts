import type { BodyOf, CpInsurance, InspectionWebhook } from '@cp-insurance/sdk';

/** What the sandbox is asked to do with each contract, and where the contract must end. */
export const SCENARIOS = {
  approve: { outcome: 'approve', payment: '0', expected: [7], webhooks: [0] },
  approve_monthly: { outcome: 'approve', payment: '1', expected: [7], webhooks: [0] },
  reinspect: { outcome: 'reinspect', payment: '0', expected: [4, 3, 7], webhooks: [1, 0] },
  reject: { outcome: 'reject', payment: '0', expected: [6], webhooks: [2] },
  expire: { outcome: 'approve', payment: null, expected: [9], webhooks: [] },
} as const;
export type ScenarioName = keyof typeof SCENARIOS;

/** The sandbox's published test IMEI that always reads (GET /docs/samples/). */
const TEST_IMEI = '001010100000015';
const MODEL = 'SM-N981N';
const SEOUL = { lat: '37.5665', lng: '126.9780' };

export interface ScenarioDeps {
  sdk: CpInsurance;
  /** The sample images, by file name (about-phone.png, front-1.jpg … rear-3.jpg). */
  samples: Map<string, Uint8Array>;
  /** The next webhook the platform sends about the contract with this affiliate_cid. */
  nextWebhook: (affiliateCid: string) => Promise<InspectionWebhook>;
  log: (line: string) => void;
}

const kstNow = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function uploadPhotos({ sdk, samples }: ScenarioDeps) {
  const upload = (name: string) => sdk.uploadImage(samples.get(name) as Uint8Array).then((image) => image.id);
  return {
    front_image: await Promise.all(['front-1.jpg', 'front-2.jpg', 'front-3.jpg'].map(upload)),
    rear_image: await Promise.all(['rear-1.jpg', 'rear-2.jpg', 'rear-3.jpg'].map(upload)),
  };
}

/** Polls the contract until it reaches `status` (a webhook's effect lands once it is acknowledged). */
async function statusReached(deps: ScenarioDeps, contractId: string, status: number): Promise<number> {
  for (let tries = 0; tries < 240; tries++) {
    const contract = await deps.sdk.contract(contractId);
    if (contract.status === status) return status;
    await sleep(250);
  }
  return (await deps.sdk.contract(contractId)).status;
}

function createBody(affiliateCid: string, outcome: string): BodyOf<'/cp-insurance/contract/create/', 'post'> {
  return {
    customer: {
      name: '홍길동',
      ssn: '860906-1000000',
      cellphone: '010-1234-5678',
      email: 'dev@partner.example',
    },
    device: { os: 'aos', name: MODEL },
    affiliate_uid: 'example-user',
    affiliate_cid: affiliateCid,
    sandbox_outcome: outcome,
  };
}

/** One whole contract through the API, as a partner's app drives it; answers the statuses it saw after checkout. */
export async function runScenario(deps: ScenarioDeps, name: ScenarioName): Promise<number[]> {
  const { sdk, log } = deps;
  const scenario = SCENARIOS[name];
  const cid = `example-${name}-${Date.now()}`;
  const afterCheckout: number[] = [];
  let checkedOut = false;
  const note = (status: number, what: string) => {
    if (checkedOut) afterCheckout.push(status);
    log(`${name}: status ${status} (${what})`);
  };
  const created = await sdk.createContract(createBody(cid, scenario.outcome));
  note(created.status, 'created');
  const screenshot = await sdk.uploadImage(deps.samples.get('about-phone.png') as Uint8Array);
  const step1 = await sdk.registerDevice(created.contract_id, {
    device_info: { imei: TEST_IMEI, model: MODEL },
    device_info_image: screenshot.id,
    location: SEOUL,
  });
  note(step1.status, `step-1: ${step1.inspection.msg}`);
  const step2 = await sdk.submitPhotos(created.contract_id, {
    ...(await uploadPhotos(deps)),
    location: SEOUL,
    checkout_url: `http://127.0.0.1/pay/${cid}`,
  });
  note(step2.status, `step-2, pay by ${step2.checkout.due_datetime}`);
  if (scenario.payment === null) {
    checkedOut = true;
    const moved = await sdk.sandbox.advanceClock({
      contract_id: created.contract_id,
      until: 'payment_deadline',
    });
    note(moved.status, `test clock +${moved.advanced_hours} h`);
    return afterCheckout;
  }
  const device = (await sdk.eligibleDevices()).device_list.find(
    (candidate) => candidate.model_name === MODEL,
  );
  const amount = scenario.payment === '0' ? device?.premium_lump_sum : device?.premium_monthly;
  const paid = await sdk.checkout(created.contract_id, {
    type: scenario.payment,
    amount: amount ?? 0,
    datetime: kstNow(),
  });
  note(paid.status, `paid ${amount} KRW`);
  checkedOut = true;
  for (const expected of scenario.webhooks) {
    const webhook = await deps.nextWebhook(cid);
    log(
      `${name}: webhook result ${webhook.result} (${webhook.type})${'checkout' in webhook && webhook.checkout ? `, next premium ${webhook.checkout.amount} KRW due ${webhook.checkout.due_date}` : ''}`,
    );
    if (webhook.result !== expected)
      throw new Error(`${name}: webhook result ${webhook.result}, expected ${expected}`);
    const status = { 0: 7, 1: 4, 2: 6 }[webhook.result];
    note(await statusReached(deps, created.contract_id, status), 'acknowledged');
    if (webhook.result === 1) {
      const update = await sdk.resubmitPhotos(created.contract_id, {
        ...(await uploadPhotos(deps)),
        location: SEOUL,
      });
      note(update.status, 'step-2/update');
    }
  }
  return afterCheckout;
}
