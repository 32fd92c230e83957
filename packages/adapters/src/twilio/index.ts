/**
 * The Twilio Flex / TaskRouter adapter: the agent's Worker through twilio-taskrouter, the team
 * through Twilio Sync live queries. See the [Twilio guide](../../../../docs/guides/twilio.md).
 *
 * @module @floorwalk/adapters/twilio
 */
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
