/**
 * The framework-free SDK: {@link createFloorwalk} (one client for presence, interactions,
 * monitoring, help, chat, coaching and check-ins over one adapter, with roles, least-privilege
 * masking and an audit trail), the canonical model and events, the {@link Adapter} contract and
 * {@link FloorwalkError}. Start with [Getting started](../../../docs/getting-started.md).
 *
 * @module @floorwalk/core
 */
export { createFloorwalk } from './client.js';
export { interactionTimes } from './store/times.js';
export type {
  ChangeListener,
  ClientEvents,
  Floorwalk,
  FloorwalkOptions,
  InteractionFilter,
  InteractionTimes,
  Logger,
  MonitoringNotice,
  MonitoringSessionNotice,
  UnreadableMonitoring,
  UnreadableMonitoringNotice,
  StatusChange,
  AgentPolicyNotice,
  PolicyChange,
  Unsubscribe,
} from './client.js';
export type { Adapter, AdapterCapabilities, AdapterSink, AdapterStatus } from './adapter.js';
export { ActivityBucketer } from './activity/bucket.js';
export type { ActivityBucketerOptions } from './activity/bucket.js';
export { ACTIVITY_EVENT_TYPES, createActivityDetector } from './activity/detector.js';
export type { ActivitySource, ActivityTarget } from './activity/detector.js';
export type { SharedActivity } from './activity/reporter.js';
export type { AuditAction, AuditEntry, AuditOutcome } from './audit.js';
export { AUDIT_ACTIONS } from './audit.js';
export { systemClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export { COMMAND_TYPES } from './commands.js';
export type {
  AcknowledgeHelpCommand,
  AddCoachingNoteCommand,
  AnswerCheckInCommand,
  CancelCheckInCommand,
  ChangeMonitoringModeCommand,
  ConfirmCheckInCommand,
  CounterCheckInCommand,
  EndCheckInCommand,
  EndColleagueCallCommand,
  MarkDeliveredCommand,
  MarkReadCommand,
  RenewMonitoringCommand,
  ReportActivityCommand,
  RespondCheckInCounterCommand,
  ScheduleCoachingSessionCommand,
  RescheduleCoachingSessionCommand,
  CancelCoachingSessionCommand,
  StartCheckInCommand,
  StartColleagueCallCommand,
  Command,
  CommandEnvelope,
  CommandType,
  ProposeCheckInCommand,
  RaiseHandCommand,
  ResolveHelpCommand,
  SendMessageCommand,
  SetPresenceCommand,
  StartMonitoringCommand,
  StopMonitoringCommand,
  SetPolicyCommand,
} from './commands.js';
export { checkCommand, MAX_CALL_PARTICIPANTS, MAX_TEXT_LENGTH } from './commands-check.js';
export { ErrorCode, FloorwalkError, isFloorwalkError, toFloorwalkError } from './errors.js';
export { importOnce } from './load.js';
export type { ErrorCodeValue, FloorwalkErrorOptions } from './errors.js';
export { EVENT_TYPES } from './events/types.js';
export type {
  ActivityEvent,
  AgentEvent,
  AgentRemovedEvent,
  AuditEvent,
  ChatMessageEvent,
  ChatReadEvent,
  CoachingSessionEvent,
  ColleagueCallEvent,
  CheckInEvent,
  CoachingNoteEvent,
  EventBase,
  FloorwalkEvent,
  FloorwalkEventType,
  HelpRequestEvent,
  InteractionEvent,
  MonitoringEvent,
  NotRespondingEvent,
  PresenceEvent,
  QueueEvent,
  QueueStatsEvent,
  SnapshotEvent,
  SnapshotScope,
  TeamEvent,
  PolicyEvent,
} from './events/types.js';
export { checkEvent } from './events/validate.js';
export {
  ACTIVITY_BUCKETS,
  CHECK_IN_PHASES,
  COACHING_SESSION_STATES,
  MONITORING_END_REASONS,
  CHANNELS,
  CHECK_IN_ANSWERS,
  CONNECTION_STATUSES,
  DELIVERY_STATES,
  DIRECTIONS,
  END_REASONS,
  HELP_STATES,
  INTERACTION_STATES,
  MONITORING_MODES,
  PRESENCE_STATES,
  ROUTING_ACTIVITIES,
  conversationId,
  teamConversationId,
} from './model/types.js';
export type {
  ActivityBucket,
  Agent,
  AgentActivity,
  Channel,
  ChatMessage,
  CheckIn,
  CheckInAnswer,
  CheckInPhase,
  CoachingNote,
  CoachingSession,
  CoachingSessionState,
  ColleagueCall,
  ConversationSummary,
  MonitoringEndReason,
  ConnectionStatus,
  Customer,
  DeliveryState,
  Direction,
  EndReason,
  HelpRequest,
  HelpState,
  Interaction,
  InteractionState,
  MonitoringMode,
  MonitoringSession,
  SessionMode,
  Presence,
  PresenceDefinition,
  PresenceState,
  Queue,
  QueueStats,
  ReasonCode,
  RoutingActivity,
  Team,
} from './model/types.js';
export { maskEmail, maskName, maskPhone } from './policy/mask.js';
export { DEFAULT_ROLE_PERMISSIONS, PERMISSIONS, POLICY_DEFAULTS, ROLES } from './policy/permissions.js';
export type { Permission, PolicyOptions, Role, Session } from './policy/permissions.js';
export { POLICY_FIELDS } from './policy/values.js';
export type { PolicyChanges, PolicyField, PolicyValues } from './policy/values.js';
export { redactCardNumbers } from './policy/redact.js';
export { REVEALABLE_FIELDS } from './policy/reveal.js';
export type { CustomerFieldSource, RevealableField, RevealRequest } from './policy/reveal.js';
export type { StepUpAction, StepUpPolicy, StepUpRequest, VerifyUser } from './step-up/step-up.js';
// The WebAuthn verifier is small and tree-shakes away when unused; the lead may move it to a subpath.
export { createWebAuthnVerifier } from './step-up/webauthn.js';
export type { WebAuthnChallenge, WebAuthnVerifierOptions } from './step-up/webauthn.js';
export { DEFAULT_STORE_LIMITS } from './store/store.js';
export type { ReconnectOptions } from './connection/backoff.js';
export { browserHints } from './connection/hints.js';
export type { ConnectionHint, HintSource } from './connection/hints.js';
export type { IntentOutcome, IntentSettled, OutboxOptions, StoredIntent } from './outbox/outbox.js';
export { createIndexedDbStorage, createMemoryStorage } from './outbox/storage.js';
export type { IntentStorage, MemoryStorage } from './outbox/storage.js';
export type { StoreChange, StoreLimits } from './store/store.js';
