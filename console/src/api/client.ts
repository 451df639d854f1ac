/**
 * The one way the console talks to the admin API: same-origin fetch with the HttpOnly session cookie,
 * the `{code, data, error}` envelope unwrapped, errors as ApiError, and a 401 sending the inspector
 * to the sign-in page with the page they were on kept in `next`.
 */

import type { ApiErrorBody } from './types';

export const API_BASE = '/admin/api';

/** The code of an ApiError for a request that got no HTTP answer at all. */
export const NETWORK_ERROR = 'network_error';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Someone else changed the contract first: the page must reload, never overwrite. */
  get isConflict(): boolean {
    return this.status === 409 && (this.code === 'invalid_status' || this.code === 'conflict');
  }
}

interface Envelope<T> {
  code: number;
  data: T;
  error: ApiErrorBody | null;
}

export interface RequestOptions {
  json?: unknown;
  /** A raw text body (CSV import), sent with `contentType`. */
  text?: string;
  contentType?: string;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Sign-in itself answers 401 for a wrong password: that is no reason to redirect. */
  noAuthRedirect?: boolean;
}

let unauthorizedHandler: (() => void) | null = null;

/** The app registers what a 401 does (clear the session, go to the sign-in page with `next`). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

export function queryString(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text !== undefined) {
    headers['content-type'] = options.contentType ?? 'text/plain';
    body = options.text;
  }
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}${queryString(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      // The page's no-referrer policy would make the Origin of a POST `null`; the API checks it against CSRF.
      referrerPolicy: 'same-origin',
      cache: 'no-store',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, NETWORK_ERROR, error instanceof Error ? error.message : String(error));
  }
  let envelope: Envelope<T> | null = null;
  try {
    envelope = (await response.json()) as Envelope<T>;
  } catch {
    envelope = null;
  }
  if (response.status === 401 && !options.noAuthRedirect) unauthorizedHandler?.();
  if (!response.ok || !envelope || envelope.error) {
    const error = envelope?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_error',
      error?.message ?? `HTTP ${response.status}`,
      error?.field,
    );
  }
  return envelope.data;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, options),
  post: <T>(path: string, json?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, json: json ?? {} }),
  patch: <T>(path: string, json: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, json }),
};
