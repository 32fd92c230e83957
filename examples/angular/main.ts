// An Angular 21 host app: Floorwalk's elements used as custom elements in a standalone component
// (`CUSTOM_ELEMENTS_SCHEMA` tells Angular's compiler that `fw-*` tags are not Angular
// components). Angular binds `client` and `search` as DOM properties, the input drives the
// board's search through a signal, and `(fw-agent-select)` updates Angular state.
//
// There is no Angular CLI here: the template is compiled in the page by Angular's JIT compiler,
// which must be loaded before anything that declares a component. Without the CLI's decorator
// metadata, dependencies come from `inject()`, never from constructor parameter types.
import '@angular/compiler';
import {
  ChangeDetectionStrategy,
  Component,
  CUSTOM_ELEMENTS_SCHEMA,
  InjectionToken,
  computed,
  inject,
  provideZonelessChangeDetection,
  signal,
} from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { createFloorwalk, type Floorwalk } from '@floorwalk/core';
import { createSimulatorAdapter } from '@floorwalk/adapters/simulator';
import type { FwAgentSelectEvent } from '@floorwalk/elements';
import '@floorwalk/elements/define/fw-provider.js';
import '@floorwalk/elements/define/fw-team-board.js';
import '@floorwalk/elements/define/fw-queue-stats.js';
import '@floorwalk/elements/define/fw-agent-card.js';

const FLOORWALK = new InjectionToken<Floorwalk>('Floorwalk client');

// Zoneless and OnPush: the elements' own events reach Angular only through the bindings below,
// and signals tell Angular what to re-render, so zone.js is not needed to patch the page.
@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: /* html */ `
    <fw-provider [client]="client">
      <fw-queue-stats></fw-queue-stats>
      <label class="search">Find an agent <input #box id="search" type="search" [value]="search()" (input)="search.set(box.value)" /></label>
      <fw-team-board sort="state" [search]="search()" [selected]="selected()" (fw-agent-select)="onSelect($event)"></fw-team-board>
      <p id="selection" role="status">{{ selectedName() ? 'Selected: ' + selectedName() : 'No agent selected.' }}</p>
      @if (selected(); as id) {
        <fw-agent-card [agentId]="id"></fw-agent-card>
      }
    </fw-provider>
  `,
})
class AppComponent {
  readonly client = inject(FLOORWALK);
  readonly search = signal('');
  readonly selected = signal<string | undefined>(undefined);
  readonly selectedName = computed(() => {
    const id = this.selected();
    return id === undefined ? undefined : this.client.getAgent(id)?.name;
  });

  onSelect(event: Event): void {
    // Angular types template events as Event; the board's event map says which one this is.
    this.selected.set((event as FwAgentSelectEvent).agentId);
  }
}

async function start(): Promise<void> {
  const status = document.getElementById('status') as HTMLElement;
  try {
    const adapter = createSimulatorAdapter({ seed: 42, agents: 60, speed: 10 });
    const client = createFloorwalk({
      adapter,
      clock: adapter.clock,
      session: { userId: 'angular-supervisor', role: 'supervisor', teamIds: 'all' },
    });
    await client.connect();
    await bootstrapApplication(AppComponent, {
      providers: [provideZonelessChangeDetection(), { provide: FLOORWALK, useValue: client }],
    });
    status.textContent = `Live: ${client.getAgents().length} simulated agents.`;
  } catch (err) {
    status.textContent = `Floorwalk could not start: ${err instanceof Error ? err.message : String(err)}`;
    status.setAttribute('role', 'alert');
  }
}

void start();
