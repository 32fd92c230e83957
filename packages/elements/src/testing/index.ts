// Harnesses drive the elements as a user would (click, keys), so a host app's tests do not
// depend on our shadow DOM, which may change between minor versions.
export { FwStatusToggleHarness } from '../components/fw-status-toggle/fw-status-toggle.harness.js';
export type { StatusToggleOption } from '../components/fw-status-toggle/fw-status-toggle.harness.js';
export { FwInteractionListHarness, INTERACTION_LIST_COLUMNS } from '../components/fw-interaction-list/fw-interaction-list.harness.js';
export type { InteractionListColumn } from '../components/fw-interaction-list/fw-interaction-list.harness.js';
export { FwTeamBoardHarness } from '../components/fw-team-board/fw-team-board.harness.js';
export type { TeamBoardControl, TeamBoardColumn } from '../components/fw-team-board/fw-team-board.harness.js';
export type { RowActionItem } from '../components/fw-team-board/fw-team-board.harness.js';
export { FwCoachingPanelHarness } from '../components/fw-coaching-panel/fw-coaching-panel.harness.js';
export type { CoachingPanelMode } from '../components/fw-coaching-panel/fw-coaching-panel.harness.js';
export { FwHelpRequestHarness } from '../components/fw-help-request/fw-help-request.harness.js';
export type { HelpQueueRow } from '../components/fw-help-request/fw-help-request.harness.js';
export { FwChatHarness } from '../components/fw-chat/fw-chat.harness.js';
export type { ChatConversationRow, ChatMessageRow } from '../components/fw-chat/fw-chat.harness.js';
export { FwCheckInHarness } from '../components/fw-check-in/fw-check-in.harness.js';
export type { CheckInRow } from '../components/fw-check-in/fw-check-in.harness.js';
export { FwEvaluationHarness } from '../components/fw-evaluation/fw-evaluation.harness.js';
export type { EvaluationRow } from '../components/fw-evaluation/fw-evaluation.harness.js';
export { FwCoachingSessionsHarness } from '../components/fw-coaching-sessions/fw-coaching-sessions.harness.js';
export type { CoachingSessionRow } from '../components/fw-coaching-sessions/fw-coaching-sessions.harness.js';
export { FwColleagueCallHarness } from '../components/fw-colleague-call/fw-colleague-call.harness.js';
export type { ColleagueCallRow } from '../components/fw-colleague-call/fw-colleague-call.harness.js';
export { FwCoachingNotesHarness } from '../components/fw-coaching-notes/fw-coaching-notes.harness.js';
export type { CoachingNoteRow } from '../components/fw-coaching-notes/fw-coaching-notes.harness.js';
