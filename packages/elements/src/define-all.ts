/**
 * Registers every Floorwalk element. For prototypes and CDN use: an app should import the
 * `define/<tag>.js` modules of the elements it uses, so its bundle carries only those.
 */
import './define/fw-provider.js';
import './define/fw-announcer.js';
import './define/fw-team-board.js';
import './define/fw-status-toggle.js';
import './define/fw-agent-card.js';
import './define/fw-interaction-list.js';
import './define/fw-queue-stats.js';
import './define/fw-monitoring-notice.js';
import './define/fw-coaching-panel.js';
import './define/fw-help-request.js';
import './define/fw-connection-banner.js';
import './define/fw-team-stats.js';
import './define/fw-agent-performance.js';
import './define/fw-chat.js';
import './define/fw-check-in.js';
import './define/fw-evaluation.js';
import './define/fw-review.js';
import './define/fw-coaching-sessions.js';
import './define/fw-colleague-call.js';
import './define/fw-coaching-notes.js';
import './define/fw-activity-notice.js';
