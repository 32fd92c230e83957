export { FakeEmitter } from './emitter.js';
export { FAKE_ACTIVITIES, FakeActivity, FakeReservation, FakeTask, FakeWorker, playWorkerScenario, transferTask } from './worker.js';
export type { FakeActivityInit, FakeTaskInit, FakeTransfer, FakeWorkerOptions, WorkerScenarioStep } from './worker.js';
export { FakeLiveQuery, FakeSyncClient, FakeSyncError, generateWorkerItems, teamSidsOf } from './sync.js';
export type { FakeSyncOptions, GenerateWorkersOptions, TrReservationItem, TrWorkerItem } from './sync.js';
export { twilioBackendHandlers } from './backend.js';
export type { TwilioBackendFailure, TwilioBackendMock, TwilioBackendOptions, TwilioParticipantResource } from './backend.js';
