// Floorwalk's elements as JSX intrinsic elements for React 19, which sets a custom element's
// props as properties when the element has them (so `client` gets the object, not a string)
// and turns `on<event-name>` props into listeners for that exact event name. Each element
// takes its public properties and its own events, typed with the event classes.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  FwAgentCard,
  FwAgentSelectEvent,
  FwHelpFailedEvent,
  FwHelpRaiseRequestEvent,
  FwHelpRequest,
  FwInteractionList,
  FwInteractionSelectEvent,
  FwPresenceChangedEvent,
  FwPresenceChangeFailedEvent,
  FwPresenceChangeRequestEvent,
  FwProvider,
  FwQueueStats,
  FwStatusToggle,
  FwTeamBoard,
} from '@floorwalk/elements';

/** React's own props for an element, plus the listed properties of the element class. */
type ElementProps<E extends HTMLElement, K extends keyof E, Events = object> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Pick<E, K>> &
  Events;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'fw-provider': ElementProps<FwProvider, 'client'>;
      'fw-team-board': ElementProps<
        FwTeamBoard,
        'client' | 'team' | 'queue' | 'presence' | 'channel' | 'search' | 'sort' | 'group' | 'selected' | 'reorderInterval',
        { 'onfw-agent-select'?: (event: FwAgentSelectEvent) => void }
      >;
      'fw-status-toggle': ElementProps<
        FwStatusToggle,
        'client' | 'confirmTimeout',
        {
          'onfw-presence-change-request'?: (event: FwPresenceChangeRequestEvent) => void;
          'onfw-presence-changed'?: (event: FwPresenceChangedEvent) => void;
          'onfw-presence-change-failed'?: (event: FwPresenceChangeFailedEvent) => void;
        }
      >;
      'fw-agent-card': ElementProps<FwAgentCard, 'client' | 'agentId' | 'recentLimit' | 'headingLevel'>;
      'fw-queue-stats': ElementProps<FwQueueStats, 'client' | 'queue' | 'waitThreshold' | 'serviceLevelTarget'>;
      'fw-interaction-list': ElementProps<
        FwInteractionList,
        'client' | 'agentId' | 'team' | 'queue' | 'channel' | 'selected',
        { 'onfw-interaction-select'?: (event: FwInteractionSelectEvent) => void }
      >;
      'fw-help-request': ElementProps<
        FwHelpRequest,
        'client' | 'view' | 'confirmTimeout' | 'headingLevel' | 'displayName',
        {
          'onfw-help-raise-request'?: (event: FwHelpRaiseRequestEvent) => void;
          'onfw-help-failed'?: (event: FwHelpFailedEvent) => void;
        }
      >;
    }
  }
}
