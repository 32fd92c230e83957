export { createTwilioAdapter } from './twilio.js';
export type { TwilioActivityInfo, TwilioAdapter, TwilioAdapterOptions } from './twilio.js';
export type {
  TwilioActivity,
  TwilioConnectionError,
  TwilioEmitter,
  TwilioEventCallback,
  TwilioListener,
  TwilioLiveQuery,
  TwilioLiveQueryItem,
  TwilioReservation,
  TwilioSyncClient,
  TwilioTask,
  TwilioWorker,
} from './types.js';
