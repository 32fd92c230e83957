import { FwCoachingNotes } from '../components/fw-coaching-notes/fw-coaching-notes.js';

FwCoachingNotes.define('fw-coaching-notes');

declare global {
  interface HTMLElementTagNameMap {
    'fw-coaching-notes': FwCoachingNotes;
  }
}
