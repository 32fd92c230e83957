import { ContextConsumer } from '@lit/context';
import type { ConnectionStatus, Floorwalk, StoreChange } from '@floorwalk/core';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { floorwalkContext } from '../context.js';

/** A host that may carry its own client, which wins over the one a provider hands down. */
export interface ClientHost extends ReactiveControllerHost, HTMLElement {
  client?: Floorwalk | undefined;
}

/** What a component does with a store batch; return false to skip the re-render. */
export type ChangeHandler = (change: StoreChange) => boolean | void;

/**
 * Connects a component to its Floorwalk client: the `client` property when set, else the nearest
 * `fw-provider`'s. It subscribes while the host is connected and the client known, re-subscribes
 * when either changes, and asks for an update on each store batch the handler does not veto and
 * on each connection status change. Elements never open sockets: the client does.
 */
export class ClientController implements ReactiveController {
  private readonly host: ClientHost;
  private readonly onChange: ChangeHandler | undefined;
  private readonly consumer: ContextConsumer<typeof floorwalkContext, ClientHost>;
  private subscribed: Floorwalk | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(host: ClientHost, onChange?: ChangeHandler) {
    this.host = host;
    this.onChange = onChange;
    this.consumer = new ContextConsumer(host, {
      context: floorwalkContext,
      subscribe: true,
      callback: () => this.sync(),
    });
    host.addController(this);
  }

  /** The client in use: the host's own, else the provided one. */
  get client(): Floorwalk | undefined {
    // Set from script, `client` (here or on the provider) may be anything, a promise of one or an
    // adapter: only a client counts.
    const own = this.host.client;
    if (isClient(own)) return own;
    const provided = this.consumer.value;
    return isClient(provided) ? provided : undefined;
  }

  /** The client's connection status, `idle` while there is no client. */
  get status(): ConnectionStatus {
    return this.client?.status ?? 'idle';
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    // The `client` property may have changed since the last render.
    this.sync();
  }

  hostDisconnected(): void {
    this.release();
  }

  private sync(): void {
    const client = this.host.isConnected ? this.client : undefined;
    if (client === this.subscribed) return;
    this.release();
    if (client === undefined) return;
    this.subscribed = client;
    const offChange = client.subscribe((change) => {
      if (this.onChange?.(change) !== false) this.host.requestUpdate();
    });
    const offStatus = client.on('status', () => this.host.requestUpdate());
    // Tenant policy may change while the page runs (notices, activity, check-in times).
    const offPolicy = client.on('policy', () => this.host.requestUpdate());
    this.unsubscribe = () => {
      offChange();
      offStatus();
      offPolicy();
    };
    this.host.requestUpdate();
  }

  private release(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.subscribed = undefined;
  }
}

function isClient(value: Floorwalk | undefined): value is Floorwalk {
  return typeof value?.subscribe === 'function' && typeof value.on === 'function';
}
