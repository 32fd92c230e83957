import { LitElement, type PropertyDeclarations } from 'lit';
import { DEV } from './dev.js';

/** This package's version; keep in step with package.json (a test checks it). */
export const VERSION = '0.1.0';

/** A Floorwalk element class, as `define` and `dependencies` take it. */
export type FwElementConstructor = typeof FwElement;

// Tags whose `define` is running, so dependency cycles (A needs B needs A) terminate.
const defining = new Set<string>();

/**
 * The base of every Floorwalk element. Nothing registers on import: registration goes through
 * {@link FwElement.define}, which is safe when a host page already runs another copy of
 * Floorwalk (vendor iframes and CRM sidebars often do).
 *
 * @summary Base class for `fw-*` elements.
 * @status experimental
 * @since 0.1.0
 */
export class FwElement extends LitElement {
  /** The version of the package this class came from; compared when a tag is already taken. */
  static version: string = VERSION;

  /** Elements this one renders, by tag; `define` registers them first. */
  static dependencies: Readonly<Record<string, FwElementConstructor>> = {};

  // `lang` and `dir` are reactive so that setting either re-renders strings and layout; the
  // localize controller resolves inherited values from ancestors when these are empty. They
  // reflect, as HTMLElement's own accessors (which these shadow) do: CSS reads the attribute.
  static override properties: PropertyDeclarations = {
    lang: { type: String, reflect: true },
    dir: { type: String, reflect: true },
  };

  /**
   * Registers this class as `tag`, its dependencies first. Does nothing when the tag is already
   * registered by a class of the same version (this copy or another); warns in development when
   * the versions differ, and keeps the registered one, since a tag cannot be redefined.
   */
  static define(tag: string): void {
    if (defining.has(tag)) return;
    defining.add(tag);
    try {
      for (const [dependencyTag, dependency] of Object.entries(this.dependencies)) dependency.define(dependencyTag);
      const registered = customElements.get(tag);
      if (registered === undefined) {
        // One constructor can back only one tag, so a second tag for it gets a trivial subclass.
        const ctor = customElements.getName(this) === null ? this : class extends this {};
        customElements.define(tag, ctor);
        return;
      }
      // `version` is always a string here, so another value never passes for it.
      if (registered === this || (registered as Partial<FwElementConstructor>).version === this.version) return;
      // The text stays inside the guard so that every production build drops it (see dev.ts).
      if (DEV) {
        console.warn(
          `Floorwalk: <${tag}> is already registered by version ${versionOf(registered) ?? 'unknown'}; ` +
            `version ${this.version} was not registered. Load one copy of @floorwalk/elements per page.`,
        );
      }
    } finally {
      defining.delete(tag);
    }
  }

  // Attached on first use: attachInternals may be called once per element, and elements that
  // expose no state never need it.
  private internalsRef: ElementInternals | null | undefined;

  /**
   * Sets or clears a custom state (`:state(pending)` in CSS): how elements expose what they are
   * doing without writing attributes or classes that frameworks own. Where the engine lacks
   * custom states it does nothing; a state is a styling hook, never the API.
   */
  protected toggleState(name: string, on: boolean): void {
    if (this.internalsRef === undefined) {
      try {
        this.internalsRef = this.attachInternals();
      } catch {
        this.internalsRef = null;
      }
    }
    const states = this.internalsRef?.states;
    if (states === undefined) return;
    try {
      if (on) states.add(name);
      else states.delete(name);
    } catch {
      // Engines from before the standard syntax reject names without a `--` prefix.
    }
  }

  /**
   * Dispatches one of our Event subclasses from the host and returns it, so a caller can check
   * `defaultPrevented` on a cancelable `fw-*-request` before acting.
   */
  protected dispatch<E extends Event>(event: E): E {
    this.dispatchEvent(event);
    return event;
  }
}

function versionOf(ctor: CustomElementConstructor): string | undefined {
  const version: unknown = (ctor as Partial<FwElementConstructor>).version;
  return typeof version === 'string' ? version : undefined;
}
