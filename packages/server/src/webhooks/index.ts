/** Outbound webhooks: endpoints, the event log, the delivery worker, and signatures for receivers. */
import type { Handlers } from '../handlers/types.js';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  redeliverToWebhookEndpoint,
  rotateWebhookEndpointSecret,
  updateWebhookEndpoint,
} from './endpoints.js';
import { getEvent, listEvents, listWebhookDeliveries, redeliverEvent } from './events.js';

export { createWebhookWorker } from './worker.js';
export type { WebhookWorker, WebhookWorkerOptions, WorkerPass } from './worker.js';
export { SIGNATURE_HEADER, WebhookSignatureError, signWebhook, verifyWebhook } from './signature.js';
export type { VerifyWebhookOptions } from './signature.js';
export { isNonPublicAddress } from './transport.js';
export { RETRY_WINDOW_SECONDS, retryDelaySeconds } from './schedule.js';

/** The handlers of the webhook endpoints, the event log and the delivery log. */
export const webhookHandlers = {
  createWebhookEndpoint,
  listWebhookEndpoints,
  getWebhookEndpoint,
  updateWebhookEndpoint,
  deleteWebhookEndpoint,
  rotateWebhookEndpointSecret,
  redeliverToWebhookEndpoint,
  listWebhookDeliveries,
  listEvents,
  getEvent,
  redeliverEvent,
} satisfies Partial<Handlers>;
