import type { FastifyReply } from 'fastify';
import { type TSchema, Type } from 'typebox';

/** The spec's answer shape for every response: `{code, data, error}`, `code` equal to the HTTP status. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'Stable snake_case error code.' }),
    message: Type.String({ description: 'What went wrong and what to do about it.' }),
    field: Type.Optional(Type.String({ description: 'The request field at fault, as a dotted path.' })),
    request_id: Type.String(),
    doc_url: Type.String({ description: "The code's entry in the error reference (/docs/errors)." }),
  },
  { $id: 'Error' },
);

export function Envelope<T extends TSchema>(data: T, description = 'Success') {
  return Type.Object(
    { code: Type.Integer(), data, error: Type.Null() },
    { description, additionalProperties: false },
  );
}

export const ErrorEnvelope = Type.Object(
  { code: Type.Integer(), data: Type.Null(), error: Type.Ref('Error') },
  { $id: 'ErrorEnvelope', description: 'Error' },
);

export function envelope<T>(code: number, data: T) {
  return { code, data, error: null };
}

export interface ErrorDetail {
  code: string;
  message: string;
  field?: string;
}

/** `errorDocsUrl`: the error reference page; each answer links the entry of its code. */
export function errorEnvelope(status: number, detail: ErrorDetail, requestId: string, errorDocsUrl: string) {
  return {
    code: status,
    data: null,
    error: { ...detail, request_id: requestId, doc_url: `${errorDocsUrl}#${detail.code}` },
  };
}

/** The standard error answers a route can give, for its OpenAPI `response` map. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref('ErrorEnvelope')]));
}

/** Sends JSON that is already serialized (a cached answer); Fastify passes a JSON string through as is. */
export function sendSerialized(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
