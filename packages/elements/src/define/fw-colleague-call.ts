import { FwColleagueCall } from '../components/fw-colleague-call/fw-colleague-call.js';

FwColleagueCall.define('fw-colleague-call');

declare global {
  interface HTMLElementTagNameMap {
    'fw-colleague-call': FwColleagueCall;
  }
}
