// Spanish for every Floorwalk element. Side-effect free: register it with
// `registerTranslation(es)` from `@floorwalk/elements`.
import { agentCardCatalog } from '../components/fw-agent-card/fw-agent-card.strings.js';
import { agentCardEs } from '../components/fw-agent-card/fw-agent-card.es.js';
import { interactionListCatalog } from '../components/fw-interaction-list/fw-interaction-list.strings.js';
import { interactionListEs } from '../components/fw-interaction-list/fw-interaction-list.es.js';
import { queueStatsCatalog } from '../components/fw-queue-stats/fw-queue-stats.strings.js';
import { queueStatsEs } from '../components/fw-queue-stats/fw-queue-stats.es.js';
import { statusToggleCatalog } from '../components/fw-status-toggle/fw-status-toggle.strings.js';
import { statusToggleEs } from '../components/fw-status-toggle/fw-status-toggle.es.js';
import { teamBoardCatalog } from '../components/fw-team-board/strings.js';
import { teamBoardEs } from '../components/fw-team-board/fw-team-board.es.js';
import { monitoringNoticeCatalog } from '../components/fw-monitoring-notice/fw-monitoring-notice.strings.js';
import { monitoringNoticeEs } from '../components/fw-monitoring-notice/fw-monitoring-notice.es.js';
import { coachingPanelCatalog } from '../components/fw-coaching-panel/fw-coaching-panel.strings.js';
import { coachingPanelEs } from '../components/fw-coaching-panel/fw-coaching-panel.es.js';
import { helpRequestCatalog } from '../components/fw-help-request/fw-help-request.strings.js';
import { helpRequestEs } from '../components/fw-help-request/fw-help-request.es.js';
import { connectionBannerCatalog } from '../components/fw-connection-banner/fw-connection-banner.strings.js';
import { connectionBannerEs } from '../components/fw-connection-banner/fw-connection-banner.es.js';
import { teamStatsCatalog } from '../components/fw-team-stats/fw-team-stats.strings.js';
import { teamStatsEs } from '../components/fw-team-stats/fw-team-stats.es.js';
import { agentPerformanceCatalog } from '../components/fw-agent-performance/fw-agent-performance.strings.js';
import { agentPerformanceEs } from '../components/fw-agent-performance/fw-agent-performance.es.js';
import { chatCatalog } from '../components/fw-chat/fw-chat.strings.js';
import { chatEs } from '../components/fw-chat/fw-chat.es.js';
import { checkInCatalog } from '../components/fw-check-in/fw-check-in.strings.js';
import { checkInEs } from '../components/fw-check-in/fw-check-in.es.js';
import { evaluationCatalog } from '../components/fw-evaluation/fw-evaluation.strings.js';
import { evaluationEs } from '../components/fw-evaluation/fw-evaluation.es.js';
import { reviewCatalog } from '../components/fw-review/fw-review.strings.js';
import { reviewEs } from '../components/fw-review/fw-review.es.js';
import { coachingSessionsCatalog } from '../components/fw-coaching-sessions/fw-coaching-sessions.strings.js';
import { coachingSessionsEs } from '../components/fw-coaching-sessions/fw-coaching-sessions.es.js';
import { colleagueCallCatalog } from '../components/fw-colleague-call/fw-colleague-call.strings.js';
import { colleagueCallEs } from '../components/fw-colleague-call/fw-colleague-call.es.js';
import { coachingNotesCatalog } from '../components/fw-coaching-notes/fw-coaching-notes.strings.js';
import { coachingNotesEs } from '../components/fw-coaching-notes/fw-coaching-notes.es.js';
import { activityNoticeCatalog } from '../components/fw-activity-notice/fw-activity-notice.strings.js';
import { activityNoticeEs } from '../components/fw-activity-notice/fw-activity-notice.es.js';
import { commonCatalog } from '../internal/common-strings.js';
import { commonEs } from '../internal/common-strings.es.js';
import type { Translation } from '../internal/localize.js';

/**
 * Spanish (`es`) strings for every element, by catalog namespace.
 *
 * @example
 * ```ts
 * import { registerTranslation } from '@floorwalk/elements';
 * import { es } from '@floorwalk/elements/translations/es.js';
 * registerTranslation(es);
 * ```
 */
export const es: Translation = {
  $code: 'es',
  $name: 'Español',
  $dir: 'ltr',
  strings: {
    [commonCatalog.namespace]: commonEs,
    [teamBoardCatalog.namespace]: teamBoardEs,
    [statusToggleCatalog.namespace]: statusToggleEs,
    [agentCardCatalog.namespace]: agentCardEs,
    [interactionListCatalog.namespace]: interactionListEs,
    [queueStatsCatalog.namespace]: queueStatsEs,
    [monitoringNoticeCatalog.namespace]: monitoringNoticeEs,
    [coachingPanelCatalog.namespace]: coachingPanelEs,
    [helpRequestCatalog.namespace]: helpRequestEs,
    [connectionBannerCatalog.namespace]: connectionBannerEs,
    [teamStatsCatalog.namespace]: teamStatsEs,
    [agentPerformanceCatalog.namespace]: agentPerformanceEs,
    [chatCatalog.namespace]: chatEs,
    [checkInCatalog.namespace]: checkInEs,
    [evaluationCatalog.namespace]: evaluationEs,
    [reviewCatalog.namespace]: reviewEs,
    [coachingSessionsCatalog.namespace]: coachingSessionsEs,
    [colleagueCallCatalog.namespace]: colleagueCallEs,
    [coachingNotesCatalog.namespace]: coachingNotesEs,
    [activityNoticeCatalog.namespace]: activityNoticeEs,
  },
};
