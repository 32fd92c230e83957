import { FwReview } from '../components/fw-review/fw-review.js';

FwReview.define('fw-review');

declare global {
  interface HTMLElementTagNameMap {
    'fw-review': FwReview;
  }
}
