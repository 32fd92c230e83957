import { FwStatusToggle } from '../components/fw-status-toggle/fw-status-toggle.js';

FwStatusToggle.define('fw-status-toggle');

declare global {
  interface HTMLElementTagNameMap {
    'fw-status-toggle': FwStatusToggle;
  }
}
