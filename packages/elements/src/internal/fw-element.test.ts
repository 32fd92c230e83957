import { expect, fixture, html as fixtureHtml } from '@open-wc/testing';
import { html, type TemplateResult } from 'lit';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { FwElement, VERSION } from '../index.js';

// The registry lives as long as the page, so every test registers its own tags.
let seq = 0;
const uniqueTag = (name: string): string => `fw-test-${name}-${++seq}`;

/** Replaces console.warn for the duration of `run` and returns what it was called with. */
function captureWarnings(run: () => void): unknown[][] {
  const calls: unknown[][] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    calls.push(args);
  };
  try {
    run();
  } finally {
    console.warn = original;
  }
  return calls;
}

class FwTestPingEvent extends Event {
  static readonly eventName = 'fw-test-ping';
  readonly note: string;
  constructor(note: string) {
    super(FwTestPingEvent.eventName, { bubbles: true, composed: true, cancelable: true });
    this.note = note;
  }
}

describe('FwElement', () => {
  it('registers nothing until define is called', () => {
    class FwTestIdle extends FwElement {}
    const tag = uniqueTag('idle');
    expect(customElements.get(tag)).to.equal(undefined);
    expect(customElements.getName(FwTestIdle)).to.equal(null);
  });

  it('carries the package version', async () => {
    const pkg = (await (await fetch('/packages/elements/package.json')).json()) as { version: string };
    expect(VERSION).to.equal(pkg.version);
    expect(FwElement.version).to.equal(VERSION);
  });

  it('is safe to define twice', async () => {
    class FwTestTwice extends FwElement {
      override render(): TemplateResult {
        return html`<span>twice</span>`;
      }
    }
    const tag = uniqueTag('twice');
    const warnings = captureWarnings(() => {
      FwTestTwice.define(tag);
      FwTestTwice.define(tag);
    });
    expect(warnings).to.have.length(0);
    expect(customElements.get(tag)).to.equal(FwTestTwice);
    const el = await fixture<FwTestTwice>(staticHtml`<${unsafeStatic(tag)}></${unsafeStatic(tag)}>`);
    expect(el).to.be.instanceOf(FwTestTwice);
    expect(el.shadowRoot?.textContent).to.equal('twice');
  });

  it('silently keeps the first copy when another copy of the same version defines the tag', () => {
    class FwTestCopyA extends FwElement {}
    class FwTestCopyB extends FwElement {}
    const tag = uniqueTag('copy');
    const warnings = captureWarnings(() => {
      FwTestCopyA.define(tag);
      FwTestCopyB.define(tag);
    });
    expect(warnings).to.have.length(0);
    expect(customElements.get(tag)).to.equal(FwTestCopyA);
  });

  it('warns, without throwing, when another version already holds the tag', () => {
    class FwTestOld extends FwElement {
      static override version = '0.0.1';
    }
    class FwTestNew extends FwElement {
      static override version = '9.9.9';
    }
    const tag = uniqueTag('versions');
    FwTestOld.define(tag);
    const warnings = captureWarnings(() => {
      expect(() => FwTestNew.define(tag)).not.to.throw();
    });
    expect(warnings).to.have.length(1);
    const message = String(warnings[0]?.[0]);
    expect(message).to.contain(`<${tag}>`);
    expect(message).to.contain('0.0.1');
    expect(message).to.contain('9.9.9');
    expect(customElements.get(tag)).to.equal(FwTestOld);
  });

  it('warns when a non-Floorwalk element holds the tag', () => {
    const tag = uniqueTag('foreign');
    customElements.define(tag, class extends HTMLElement {});
    class FwTestLate extends FwElement {}
    const warnings = captureWarnings(() => FwTestLate.define(tag));
    expect(warnings).to.have.length(1);
    expect(String(warnings[0]?.[0])).to.contain('unknown');
  });

  it('can register one class under a second tag', () => {
    class FwTestShared extends FwElement {}
    const first = uniqueTag('shared');
    const second = uniqueTag('shared');
    FwTestShared.define(first);
    FwTestShared.define(second);
    expect(customElements.get(first)).to.equal(FwTestShared);
    const other = customElements.get(second);
    expect(other).not.to.equal(undefined);
    expect(other?.prototype).to.be.instanceOf(FwTestShared);
  });

  it('defines its dependencies first', async () => {
    const childTag = uniqueTag('child');
    const parentTag = uniqueTag('parent');
    class FwTestChild extends FwElement {
      override render(): TemplateResult {
        return html`child`;
      }
    }
    class FwTestParent extends FwElement {
      static override dependencies = { [childTag]: FwTestChild };
      override render(): TemplateResult {
        return staticHtml`<${unsafeStatic(childTag)}></${unsafeStatic(childTag)}>`;
      }
    }
    FwTestParent.define(parentTag);
    expect(customElements.get(childTag)).to.equal(FwTestChild);
    const parent = await fixture<FwTestParent>(staticHtml`<${unsafeStatic(parentTag)}></${unsafeStatic(parentTag)}>`);
    const child = parent.shadowRoot?.querySelector(childTag);
    expect(child).to.be.instanceOf(FwTestChild);
  });

  it('terminates on dependency cycles', () => {
    const aTag = uniqueTag('cycle-a');
    const bTag = uniqueTag('cycle-b');
    class FwTestCycleA extends FwElement {}
    class FwTestCycleB extends FwElement {
      static override dependencies = { [aTag]: FwTestCycleA };
    }
    FwTestCycleA.dependencies = { [bTag]: FwTestCycleB };
    FwTestCycleA.define(aTag);
    expect(customElements.get(aTag)).to.equal(FwTestCycleA);
    expect(customElements.get(bTag)).to.equal(FwTestCycleB);
  });

  it('lays out by a dir or lang set as a property, as a native element does', async () => {
    const tag = uniqueTag('dir');
    class FwTestDir extends FwElement {
      override render(): TemplateResult {
        return html`<span>x</span>`;
      }
    }
    FwTestDir.define(tag);
    const el = document.createElement(tag) as FwTestDir;
    (await fixture<HTMLDivElement>(fixtureHtml`<div></div>`)).append(el);
    el.dir = 'rtl';
    el.lang = 'es';
    await el.updateComplete;
    // The reactive properties shadow HTMLElement's own, which reflect: the attributes carry them
    // to CSS (direction, :lang) and to the lang/dir observers of elements inside.
    expect(getComputedStyle(el).direction).to.equal('rtl');
    expect(el.getAttribute('lang')).to.equal('es');
  });

  it('dispatches events that bubble out of shadow roots and reports cancellation', async () => {
    const innerTag = uniqueTag('emitter');
    const outerTag = uniqueTag('outer');
    class FwTestEmitter extends FwElement {
      ping(note: string): FwTestPingEvent {
        return this.dispatch(new FwTestPingEvent(note));
      }
    }
    class FwTestOuter extends FwElement {
      static override dependencies = { [innerTag]: FwTestEmitter };
      override render(): TemplateResult {
        return staticHtml`<${unsafeStatic(innerTag)}></${unsafeStatic(innerTag)}>`;
      }
    }
    FwTestOuter.define(outerTag);
    const wrapper = await fixture<HTMLDivElement>(fixtureHtml`<div></div>`);
    const outer = document.createElement(outerTag) as FwTestOuter;
    wrapper.append(outer);
    await outer.updateComplete;
    const inner = outer.shadowRoot?.querySelector(innerTag) as FwTestEmitter;

    const received: FwTestPingEvent[] = [];
    const listener = (event: Event): void => {
      received.push(event as FwTestPingEvent);
      event.preventDefault();
    };
    document.addEventListener(FwTestPingEvent.eventName, listener);
    try {
      const event = inner.ping('hello');
      expect(received).to.have.length(1);
      expect(received[0]).to.equal(event);
      expect(event.note).to.equal('hello');
      // Retargeted to the outer host: the event crossed its shadow boundary.
      expect(received[0]?.target).to.equal(outer);
      expect(event.defaultPrevented).to.equal(true);
    } finally {
      document.removeEventListener(FwTestPingEvent.eventName, listener);
    }
  });
});
