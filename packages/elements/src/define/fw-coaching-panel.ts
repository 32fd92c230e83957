import { FwCoachingPanel } from '../components/fw-coaching-panel/fw-coaching-panel.js';

FwCoachingPanel.define('fw-coaching-panel');

declare global {
  interface HTMLElementTagNameMap {
    'fw-coaching-panel': FwCoachingPanel;
  }
}
