import { FwAgentCard } from '../components/fw-agent-card/fw-agent-card.js';

FwAgentCard.define('fw-agent-card');

declare global {
  interface HTMLElementTagNameMap {
    'fw-agent-card': FwAgentCard;
  }
}
