import { FwCoachingSessions } from '../components/fw-coaching-sessions/fw-coaching-sessions.js';

FwCoachingSessions.define('fw-coaching-sessions');

declare global {
  interface HTMLElementTagNameMap {
    'fw-coaching-sessions': FwCoachingSessions;
  }
}
