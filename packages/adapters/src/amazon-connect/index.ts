/**
 * The Amazon Connect adapter: the agent's own state and contacts through Amazon Connect Streams
 * (the CCP the host embeds), the team view through the host's backend. See the [Amazon Connect guide](../../../../docs/guides/amazon-connect.md).
 *
 * @module @floorwalk/adapters/amazon-connect
 */
export { createAmazonConnectAdapter } from './adapter.js';
export type {
  AmazonConnectAdapter,
  AmazonConnectAdapterOptions,
  AmazonConnectQueue,
  AmazonConnectRates,
  AmazonConnectTeam,
} from './adapter.js';
export { createAmazonConnectHttpBackend } from './backend.js';
export type { AmazonConnectBackend, AmazonConnectHttpBackendOptions, BackendCallOptions } from './backend.js';
export type {
  StreamsAgent,
  StreamsAgentState,
  StreamsAgentStateDefinition,
  StreamsAvailabilityState,
  StreamsCallbacks,
  StreamsConnect,
  StreamsConnection,
  StreamsContact,
  StreamsEndpoint,
  StreamsEventBus,
  StreamsSubscription,
  StreamsWebSocketLost,
} from './streams.js';
export type {
  AgentContactReference,
  AgentEventContact,
  AgentEventRecord,
  AgentEventSnapshot,
  AgentEventType,
  AgentStatusSummary,
  ConnectContactState,
  ConnectReference,
  ConnectTimestamp,
  CurrentMetric,
  CurrentMetricResult,
  GetCurrentMetricDataRequest,
  GetCurrentMetricDataResponse,
  GetCurrentUserDataRequest,
  GetCurrentUserDataResponse,
  MonitorContactRequest,
  MonitorContactResponse,
  PutUserStatusRequest,
  UserData,
  UserDataFilters,
} from './wire.js';
