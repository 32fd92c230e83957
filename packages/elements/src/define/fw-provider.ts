import { FwProvider } from '../components/fw-provider/fw-provider.js';

FwProvider.define('fw-provider');

declare global {
  interface HTMLElementTagNameMap {
    'fw-provider': FwProvider;
  }
}
