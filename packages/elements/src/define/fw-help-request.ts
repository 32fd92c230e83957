import { FwHelpRequest } from '../components/fw-help-request/fw-help-request.js';

FwHelpRequest.define('fw-help-request');

declare global {
  interface HTMLElementTagNameMap {
    'fw-help-request': FwHelpRequest;
  }
}
