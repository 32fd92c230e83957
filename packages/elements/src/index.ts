// Side-effect free: importing classes registers nothing. Register with `Fw….define(tag)` or by
// importing `@floorwalk/elements/define/<tag>.js`.
export { FwElement, VERSION } from './internal/fw-element.js';
export type { FwElementConstructor } from './internal/fw-element.js';
export { FwProvider } from './components/fw-provider/fw-provider.js';
export { FwAnnouncer } from './components/fw-announcer/fw-announcer.js';
export { floorwalkContext } from './internal/context.js';
export { registerTranslation, registeredLocales } from './internal/localize.js';
export type { Translation, Strings } from './internal/localize.js';
export { setTickPeriod } from './internal/controllers/tick-controller.js';
export type { Politeness } from './events/fw-internal-announce.js';
export { FwTeamBoard } from './components/fw-team-board/fw-team-board.js';
export type { Thresholds, BoardState, TeamBoardSort, TeamBoardGroup } from './components/fw-team-board/fw-team-board.js';
export { FwAgentSelectEvent } from './events/fw-agent-select.js';
export { FwStatusToggle } from './components/fw-status-toggle/fw-status-toggle.js';
export { FwAgentCard } from './components/fw-agent-card/fw-agent-card.js';
export { FwInteractionList } from './components/fw-interaction-list/fw-interaction-list.js';
export { FwQueueStats } from './components/fw-queue-stats/fw-queue-stats.js';
export { FwPresenceChangeRequestEvent } from './events/fw-presence-change-request.js';
export { FwPresenceChangedEvent } from './events/fw-presence-changed.js';
export { FwPresenceChangeFailedEvent } from './events/fw-presence-change-failed.js';
export { FwInteractionSelectEvent } from './events/fw-interaction-select.js';
