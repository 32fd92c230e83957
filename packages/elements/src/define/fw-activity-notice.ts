import { FwActivityNotice } from '../components/fw-activity-notice/fw-activity-notice.js';

FwActivityNotice.define('fw-activity-notice');

declare global {
  interface HTMLElementTagNameMap {
    'fw-activity-notice': FwActivityNotice;
  }
}
