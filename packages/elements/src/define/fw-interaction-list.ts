import { FwInteractionList } from '../components/fw-interaction-list/fw-interaction-list.js';

FwInteractionList.define('fw-interaction-list');

declare global {
  interface HTMLElementTagNameMap {
    'fw-interaction-list': FwInteractionList;
  }
}
