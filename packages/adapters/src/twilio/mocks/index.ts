/**
 * Fakes of twilio-taskrouter's Worker and twilio-sync's client, in TaskRouter's shapes, for tests
 * and demos. Not for production.
 *
 * @module @floorwalk/adapters/twilio/mocks
 */
export { FakeEmitter } from './emitter.js';
export { FAKE_ACTIVITIES, FakeActivity, FakeReservation, FakeTask, FakeWorker, playWorkerScenario, transferTask } from './worker.js';
export type { FakeActivityInit, FakeTaskInit, FakeTransfer, FakeWorkerOptions, WorkerScenarioStep } from './worker.js';
export { FakeLiveQuery, FakeSyncClient, FakeSyncError, generateWorkerItems, teamSidsOf, voiceCallItem } from './sync.js';
export type { FakeSyncOptions, GenerateWorkersOptions, TrReservationItem, TrWorkerItem } from './sync.js';
export { twilioBackendHandlers } from './backend.js';
export type {
  TwilioBackendFailure,
  TwilioBackendMock,
  TwilioBackendOptions,
  TwilioParticipantResource,
  TwilioQueueCumulativeStatistics,
  TwilioQueueRealTimeStatistics,
  TwilioTaskQueueItem,
  TwilioWaitDuration,
} from './backend.js';
