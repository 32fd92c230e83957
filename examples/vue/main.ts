// A Vue 3 host app: Floorwalk's elements used as custom elements in a template compiled in the
// page (`isCustomElement` tells Vue's compiler that `fw-*` tags are not Vue components). Vue
// binds `client` and `search` as DOM properties, v-model drives the board's search from an
// input, and `@fw-agent-select` updates Vue state.
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import type { FwAgentSelectEvent } from '@floorwalk/elements';
import '@floorwalk/elements/define/fw-provider.js';
import '@floorwalk/elements/define/fw-team-board.js';
import '@floorwalk/elements/define/fw-queue-stats.js';
import '@floorwalk/elements/define/fw-agent-card.js';
import { computed, createApp, markRaw, ref } from 'vue';

const template = /* html */ `
  <fw-provider :client="client">
    <fw-queue-stats></fw-queue-stats>
    <label class="search">Find an agent <input id="search" type="search" v-model="search" /></label>
    <fw-team-board sort="state" :search="search" :selected="selected" @fw-agent-select="onSelect"></fw-team-board>
    <p id="selection" role="status">{{ selectedName ? 'Selected: ' + selectedName : 'No agent selected.' }}</p>
    <fw-agent-card v-if="selected" :agent-id="selected"></fw-agent-card>
  </fw-provider>
`;

function mount(client: Floorwalk): void {
  const app = createApp({
    template,
    setup() {
      const search = ref('');
      const selected = ref<string | undefined>(undefined);
      const selectedName = computed(() => (selected.value === undefined ? undefined : client.getAgent(selected.value)?.name));
      const onSelect = (event: FwAgentSelectEvent) => {
        selected.value = event.agentId;
      };
      // markRaw: the client is Floorwalk's live object; Vue must hand it over as is, not as a proxy.
      return { client: markRaw(client), search, selected, selectedName, onSelect };
    },
  });
  app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('fw-');
  app.mount('#app');
}

async function start(): Promise<void> {
  const status = document.getElementById('status') as HTMLElement;
  try {
    const adapter = createSimulatorAdapter({ seed: 42, agents: 60, speed: 10 });
    const client = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'vue-supervisor', role: 'supervisor', teamIds: 'all' },
    });
    await client.connect();
    mount(client);
    status.textContent = `Live: ${client.getAgents().length} simulated agents.`;
  } catch (err) {
    status.textContent = `Floorwalk could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
  }
}

void start();
