import { FwCheckIn } from '../components/fw-check-in/fw-check-in.js';

FwCheckIn.define('fw-check-in');

declare global {
  interface HTMLElementTagNameMap {
    'fw-check-in': FwCheckIn;
  }
}
