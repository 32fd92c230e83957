/**
 * The Genesys Cloud adapter: the notification service's WebSocket topics and the Platform API,
 * spoken directly (no Genesys SDK). See the [Genesys Cloud guide](../../../../docs/guides/genesys.md).
 *
 * @module @floorwalk/adapters/genesys
 */
export { createGenesysAdapter, genesysDomain, GENESYS_REGIONS } from './adapter.js';
export type { GenesysAdapter, GenesysAdapterOptions, GenesysWatch } from './adapter.js';
export type { GenesysSocket, GenesysSocketConstructor } from './channel.js';
export { normaliseSystemPresence, SYSTEM_PRESENCE_STATES } from './map.js';
export { GENESYS_LIMITS, planGenesysTopics } from './topics.js';
export type { ChannelPlan, GenesysUserTopic, TopicPlan, TopicPlanInput } from './topics.js';
export type { GenesysPresenceDefinition } from './wire.js';
export { createGenesysEvaluations } from './evaluations.js';
export type { GenesysEvaluationsOptions, GenesysQualityLink } from './evaluations.js';
