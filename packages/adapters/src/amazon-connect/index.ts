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
