import { FwConnectionBanner } from '../components/fw-connection-banner/fw-connection-banner.js';

FwConnectionBanner.define('fw-connection-banner');

declare global {
  interface HTMLElementTagNameMap {
    'fw-connection-banner': FwConnectionBanner;
  }
}
