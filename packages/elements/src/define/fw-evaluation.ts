import { FwEvaluation } from '../components/fw-evaluation/fw-evaluation.js';

FwEvaluation.define('fw-evaluation');

declare global {
  interface HTMLElementTagNameMap {
    'fw-evaluation': FwEvaluation;
  }
}
