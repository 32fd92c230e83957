import { FwAnnouncer } from '../components/fw-announcer/fw-announcer.js';

FwAnnouncer.define('fw-announcer');

declare global {
  interface HTMLElementTagNameMap {
    'fw-announcer': FwAnnouncer;
  }
}
