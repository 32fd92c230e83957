import { FwAgentPerformance } from '../components/fw-agent-performance/fw-agent-performance.js';

FwAgentPerformance.define('fw-agent-performance');

declare global {
  interface HTMLElementTagNameMap {
    'fw-agent-performance': FwAgentPerformance;
  }
}
