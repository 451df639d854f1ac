/** An error answer of the API (its envelope's `error`), or a request that never got one. */
export class CpInsuranceError extends Error {
  override readonly name = 'CpInsuranceError';
  /** The HTTP status; 0 when no answer came (network error after every retry). */
  readonly status: number;
  /** The API's error code (`validation_failed`, `not_found`…), or `network_error`. */
  readonly code: string;
  /** The request field at fault, when the API names one. */
  readonly field: string | null;
  /** Quote it to cp-insurance support: the server's logs carry it. */
  readonly requestId: string | null;
  /** The code's entry in the error reference. */
  readonly docUrl: string | null;

  constructor(fields: {
    status: number;
    code: string;
    message: string;
    field?: string | null;
    requestId?: string | null;
    docUrl?: string | null;
    cause?: unknown;
  }) {
    super(fields.message, { cause: fields.cause });
    this.status = fields.status;
    this.code = fields.code;
    this.field = fields.field ?? null;
    this.requestId = fields.requestId ?? null;
    this.docUrl = fields.docUrl ?? null;
  }
}

interface ErrorEnvelope {
  error?: { code?: unknown; message?: unknown; field?: unknown; request_id?: unknown; doc_url?: unknown };
}

const text = (value: unknown) => (typeof value === 'string' ? value : null);

/** The error an answer that is not a success stands for. */
export async function errorFromResponse(response: Response): Promise<CpInsuranceError> {
  const body = (await response.json().catch(() => null)) as ErrorEnvelope | null;
  const error = body?.error;
  return new CpInsuranceError({
    status: response.status,
    code: text(error?.code) ?? `http_${response.status}`,
    message: text(error?.message) ?? `HTTP ${response.status} without an error envelope`,
    field: text(error?.field),
    requestId: text(error?.request_id) ?? response.headers.get('x-request-id'),
    docUrl: text(error?.doc_url),
  });
}
