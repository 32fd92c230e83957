import { FwMonitoringNotice } from '../components/fw-monitoring-notice/fw-monitoring-notice.js';

FwMonitoringNotice.define('fw-monitoring-notice');

declare global {
  interface HTMLElementTagNameMap {
    'fw-monitoring-notice': FwMonitoringNotice;
  }
}
