/**
 * The admin API's answers (the `data` of the `{code, data, error}` envelope), named for the console.
 * Aliases only: every shape is in admin-api.ts, generated from the routes' own schemas
 * (`npm run generate:api-types`), so a field the server sends is a field the console sees.
 */
import type { components, paths } from './admin-api';

type Method = 'get' | 'post' | 'patch';

/** The `data` of an operation's success answers (those whose `error` is null: 200 or 201). */
type SuccessData<Operation> = Operation extends { responses: infer Responses }
  ? {
      [Status in keyof Responses]: Responses[Status] extends {
        content: { 'application/json': { data: infer Data; error: null } };
      }
        ? Data
        : never;
    }[keyof Responses]
  : never;

/** What `METHOD /admin/api/...` answers, e.g. `Answer<'/admin/api/me', 'get'>`. */
export type Answer<Path extends keyof paths, M extends Method> = SuccessData<paths[Path][M]>;

/** The JSON body `METHOD /admin/api/...` takes. */
export type RequestBody<Path extends keyof paths, M extends Method> = paths[Path][M] extends {
  requestBody: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

/** The `error` of a failed answer. */
export type ApiErrorBody = components['schemas']['Error'];

export type Me = Answer<'/admin/api/me', 'get'>;
export type Inspector = Me['inspector'];
export type Role = Inspector['role'];
export type InspectorRecord = Answer<'/admin/api/inspectors', 'get'>['inspectors'][number];

export type QueueList = Answer<'/admin/api/inspections', 'get'>;
export type QueueItem = QueueList['items'][number];
export type QueueChecks = QueueItem['checks'];

export type Dossier = Answer<'/admin/api/contracts/{contract_id}', 'get'>;
export type DossierImage = Dossier['images'][number];
export type PhotoChecks = NonNullable<DossierImage['checks']>;
export type TimelineEvent = Dossier['timeline'][number];
export type ContractDelivery = Dossier['deliveries'][number];
export type ContractNotification = Dossier['notifications'][number];

export type DecisionRequest = RequestBody<'/admin/api/contracts/{contract_id}/inspection', 'post'>;
export type DecisionAnswer = Answer<'/admin/api/contracts/{contract_id}/inspection', 'post'>;

export type DeliveryRow = Answer<'/admin/api/deliveries', 'get'>['items'][number];
export type DeliveryStatus = DeliveryRow['status'];
export type NotificationRow = Answer<'/admin/api/notifications', 'get'>['items'][number];

export type Dashboard = Answer<'/admin/api/dashboard', 'get'>;

export type Affiliate = Answer<'/admin/api/affiliates', 'get'>[number];
export type ApiKey = Affiliate['keys'][number];
export type NewKey = Answer<'/admin/api/affiliates/{id}/keys', 'post'>;
export type TestWebhookRun = Answer<'/admin/api/affiliates/{id}/webhook-test', 'post'>;
export type EnabledEndpoint = Answer<'/admin/api/affiliates/{id}/webhooks/{mode}/enable', 'post'>;

export type DeviceList = Answer<'/admin/api/devices', 'get'>;
export type Device = DeviceList['items'][number];
export type UpdatedDevice = Answer<'/admin/api/devices/{id}', 'patch'>;
export type ImportResult = Answer<'/admin/api/devices/import', 'post'>;

export type AuditItem = Answer<'/admin/api/audit', 'get'>['items'][number];
