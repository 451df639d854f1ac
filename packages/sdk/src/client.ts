import { CpInsuranceError, errorFromResponse } from './errors.js';
import type { paths } from './generated/partner-api.js';
import { type ImageSource, imageBody } from './image-source.js';
import { type RetryPolicy, sendWithRetries } from './retrying-fetch.js';
import { type InspectionWebhook, verifyWebhook, type WebhookHeaders } from './webhooks.js';

type Method = 'get' | 'post';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]> & {
  responses: object;
  parameters: object;
};
type JsonContent<T> = T extends { content: { 'application/json': infer J } } ? J : never;
type Success<R> = JsonContent<R[Extract<keyof R, 200 | 201>]>;

/** The `data` of the route's success envelope. */
export type ResultOf<P extends keyof paths, M extends Method> =
  Success<Operation<P, M>['responses']> extends { data: infer D } ? D : never;
/** The route's JSON request body. */
export type BodyOf<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;
type QueryOf<P extends keyof paths, M extends Method> = Operation<P, M>['parameters'] extends {
  query?: infer Q;
}
  ? NonNullable<Q>
  : never;

export interface CpInsuranceOptions {
  /** Your `cpi_test_…` (sandbox) or `cpi_live_…` key. */
  apiKey: string;
  /** The platform's address, e.g. https://api.cp-insurance.example */
  baseUrl: string;
  /** Your mode's `whsec_…`, for `webhooks.verify`. */
  webhookSecret?: string;
  /** Defaults: 4 attempts, 500 ms doubling, at most 10 s between attempts. */
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
}

export interface RequestOptions {
  /** Your own key for a POST (e.g. stored with the order, to survive a restart); one is generated otherwise. */
  idempotencyKey?: string;
}

interface Call {
  params?: Record<string, string>;
  query?: object;
  json?: unknown;
  raw?: { bytes: Uint8Array; type: string };
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * The partner API, one method per route. Each answers the envelope's `data` or throws a
 * CpInsuranceError carrying the API's `code`, `field` and `requestId`.
 */
export class CpInsurance {
  readonly #options: CpInsuranceOptions;
  readonly #retry: RetryPolicy;

  constructor(options: CpInsuranceOptions) {
    this.#options = options;
    this.#retry = { ...DEFAULT_RETRY, ...options.retry };
  }

  /** 가입가능 기기 정보 조회: the eligible devices with their premiums. */
  eligibleDevices() {
    return this.#call('get', '/cp-insurance/candidate/', {});
  }
  /** 가입가능 기기 확인: is this phone eligible? */
  checkDevice(body: BodyOf<'/cp-insurance/candidate/', 'post'>, options?: RequestOptions) {
    return this.#call('post', '/cp-insurance/candidate/', { json: body }, options);
  }
  /** 이미지 업로드 from a path, bytes or a Blob: the id for step-1 and step-2. */
  async uploadImage(source: ImageSource, options?: RequestOptions) {
    return this.#call('post', '/cp-insurance/image/', { raw: await imageBody(source) }, options);
  }
  /** A fresh 15-second signed link to an uploaded image. */
  image(imageId: string) {
    return this.#call('get', '/cp-insurance/image/{image_id}/', { params: { image_id: imageId } });
  }
  /** 가입신청: a new contract (status 0). In test mode `sandbox_outcome` says how the sandbox decides it. */
  createContract(body: BodyOf<'/cp-insurance/contract/create/', 'post'>, options?: RequestOptions) {
    return this.#call('post', '/cp-insurance/contract/create/', { json: body }, options);
  }
  /** step-1: the "About phone" screenshot and the app's device info (status 0 → 1). */
  registerDevice(
    contractId: string,
    body: BodyOf<'/cp-insurance/contract/{contract_id}/step-1/', 'post'>,
    options?: RequestOptions,
  ) {
    return this.#onContract('/cp-insurance/contract/{contract_id}/step-1/', contractId, body, options);
  }
  /** step-2: three front and three rear photos and the checkout link (status 1 → 2). */
  submitPhotos(
    contractId: string,
    body: BodyOf<'/cp-insurance/contract/{contract_id}/step-2/', 'post'>,
    options?: RequestOptions,
  ) {
    return this.#onContract('/cp-insurance/contract/{contract_id}/step-2/', contractId, body, options);
  }
  /** step-2/update: new photos after a re-inspection request (status 4 → 3). */
  resubmitPhotos(
    contractId: string,
    body: BodyOf<'/cp-insurance/contract/{contract_id}/step-2/update/', 'post'>,
    options?: RequestOptions,
  ) {
    return this.#onContract('/cp-insurance/contract/{contract_id}/step-2/update/', contractId, body, options);
  }
  /** 결제: the customer paid (status 2 → 3). */
  checkout(
    contractId: string,
    body: BodyOf<'/cp-insurance/contract/{contract_id}/checkout/', 'post'>,
    options?: RequestOptions,
  ) {
    return this.#onContract('/cp-insurance/contract/{contract_id}/checkout/', contractId, body, options);
  }
  /** 결제취소: the payment is refunded before the policy starts (status 3, 4, 5 → 8). */
  cancelCheckout(
    contractId: string,
    body: BodyOf<'/cp-insurance/contract/{contract_id}/checkout/cancel/', 'post'>,
    options?: RequestOptions,
  ) {
    return this.#onContract(
      '/cp-insurance/contract/{contract_id}/checkout/cancel/',
      contractId,
      body,
      options,
    );
  }
  /** One of your contracts, with its status and timeline. */
  contract(contractId: string) {
    return this.#call('get', '/cp-insurance/contract/{contract_id}/', {
      params: { contract_id: contractId },
    });
  }
  /** Your contracts, newest first; pass the last id as `starting_after` for the next page. */
  contracts(query: QueryOf<'/cp-insurance/contract/', 'get'> = {}) {
    return this.#call('get', '/cp-insurance/contract/', { query });
  }
  /** The webhook URL set for your key's mode. */
  webhookEndpoint() {
    return this.#call('get', '/cp-insurance/webhook/', {});
  }

  /** Test-mode keys only. */
  readonly sandbox = {
    /** Time passes for one contract: `{contract_id, hours}` or `{contract_id, until: 'payment_deadline'}`. */
    advanceClock: (body: BodyOf<'/cp-insurance/test/clock/advance', 'post'>, options?: RequestOptions) =>
      this.#call('post', '/cp-insurance/test/clock/advance', { json: body }, options),
    /** Signed examples of every webhook result to your endpoint, with what it answered. */
    sendTestWebhooks: (options?: RequestOptions) =>
      this.#call('post', '/cp-insurance/webhook/test', {}, options),
  };

  readonly webhooks = {
    /** The typed body of a delivery whose signature verifies with `webhookSecret`; throws otherwise. */
    verify: (rawBody: string | Uint8Array, headers: WebhookHeaders): InspectionWebhook => {
      const secret = this.#options.webhookSecret;
      if (!secret) throw new TypeError('webhooks.verify needs the webhookSecret option.');
      return verifyWebhook(secret, rawBody, headers);
    },
  };

  #onContract<P extends keyof paths>(path: P, contractId: string, json: unknown, options?: RequestOptions) {
    return this.#call('post', path, { params: { contract_id: contractId }, json }, options);
  }

  async #call<P extends keyof paths, M extends Method>(
    method: M,
    path: P,
    call: Call,
    options: RequestOptions = {},
  ): Promise<ResultOf<P, M>> {
    const url = new URL(
      path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(call.params?.[name] ?? '')),
      this.#options.baseUrl,
    );
    for (const [name, value] of Object.entries(call.query ?? {}))
      if (value !== undefined) url.searchParams.set(name, String(value));
    const headers = new Headers({ 'x-itechs-api-key': this.#options.apiKey, accept: 'application/json' });
    if (options.idempotencyKey) headers.set('idempotency-key', options.idempotencyKey);
    let body: Uint8Array | string | undefined;
    if (call.raw) {
      headers.set('content-type', call.raw.type);
      body = call.raw.bytes;
    } else if (method === 'post') {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(call.json ?? {});
    }
    const request = new Request(url, { method: method.toUpperCase(), headers, body });
    const response = await sendWithRetries(this.#options.fetch ?? fetch, request, this.#retry);
    if (!response.ok) throw await errorFromResponse(response);
    const envelope = (await response.json().catch(() => null)) as { data?: unknown } | null;
    if (!envelope || !('data' in envelope))
      throw new CpInsuranceError({
        status: response.status,
        code: 'invalid_answer',
        message: `${method.toUpperCase()} ${url.pathname} answered ${response.status} without the {code, data, error} envelope.`,
        requestId: response.headers.get('x-request-id'),
      });
    return envelope.data as ResultOf<P, M>;
  }
}
