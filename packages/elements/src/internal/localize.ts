import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** One component's strings: plain text, or functions for plurals and interpolation (their string arguments arrive isolated: {@link LocalizeController.strings}). */
export type Strings = { readonly [key: string]: string | ((...args: never[]) => string) };

/** A component's English strings under a namespace; the source translators work from. */
export interface Catalog<T extends Strings> {
  readonly namespace: string;
  readonly en: T;
  /**
   * The functions whose first argument is a key they choose their words by (a mode, a state), not
   * text they show: it reaches them as it is. Every other string argument is isolated.
   */
  readonly raw?: readonly string[];
}

/**
 * A locale's strings for some or all components, by catalog namespace. Register one with
 * {@link registerTranslation}; a locale module under `translations/` does it on import.
 */
export interface Translation {
  /** BCP 47 code: `es`, `pt-BR`. Lookups fall back from `es-MX` to `es`, then to English. */
  readonly $code: string;
  /** The language's name in itself, for pickers. */
  readonly $name: string;
  readonly $dir: 'ltr' | 'rtl';
  readonly strings: { readonly [namespace: string]: Strings };
}

/** Declares a component's English strings; `raw` names its functions that choose by their first argument ({@link Catalog.raw}). */
export function defineCatalog<T extends Strings>(namespace: string, en: T, raw?: readonly string[]): Catalog<T> {
  return { namespace, en, raw };
}

/**
 * Wraps text in FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE (U+2068, U+2069), the W3C's
 * advice for a value put into a sentence where markup cannot isolate it (an attribute, a live
 * region, an option): a Hebrew name in an English sentence, or a Latin one in an Arabic
 * sentence, then keeps the sentence's own punctuation on the side the sentence puts it.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

const translations = new Map<string, Translation>();
const translation = (code: string): Translation | undefined => translations.get(code.toLowerCase());
const controllers = new Set<LocalizeController<Strings>>();
let observer: MutationObserver | undefined;

/**
 * Makes a locale available to every Floorwalk element on the page and re-renders them. English
 * is built in; `@floorwalk/elements/translations/es.js` registers Spanish on import.
 */
export function registerTranslation(...list: Translation[]): void {
  for (const translation of list) {
    if (typeof translation?.$code !== 'string' || typeof translation.strings !== 'object' || translation.strings === null) {
      throw new TypeError('registerTranslation: a translation needs a $code (a language tag such as "es") and its strings.');
    }
    const code = translation.$code.toLowerCase();
    const existing = translations.get(code);
    // A second registration for the same locale (a host overriding a few strings) merges.
    translations.set(
      code,
      existing === undefined
        ? translation
        : { ...translation, strings: mergeNamespaces(existing.strings, translation.strings) },
    );
  }
  for (const controller of controllers) controller.refresh();
}

function mergeNamespaces(a: Translation['strings'], b: Translation['strings']): Translation['strings'] {
  const merged: Record<string, Strings> = { ...a };
  for (const [namespace, strings] of Object.entries(b)) merged[namespace] = { ...a[namespace], ...strings };
  return merged;
}

/** The locales registered so far, English first. */
export function registeredLocales(): readonly { code: string; name: string; dir: 'ltr' | 'rtl' }[] {
  return [
    { code: 'en', name: 'English', dir: 'ltr' as const },
    ...[...translations.values()].map((t) => ({ code: t.$code, name: t.$name, dir: t.$dir })),
  ];
}

function closestAttribute(element: Element, name: 'lang' | 'dir'): string {
  let node: Node | null = element;
  while (node !== null) {
    if (node instanceof Element) {
      const value = node.getAttribute(name);
      if (value) return value;
    }
    // Cross shadow boundaries: a board inside a vendor's shadow root follows the vendor's lang.
    node = node.parentNode ?? (node instanceof ShadowRoot ? node.host : null);
  }
  return '';
}

/**
 * Gives a component its strings in the resolved locale (the formatters, `internal/format.ts`,
 * take its `lang`): the element's `lang`,
 * else the closest `[lang]` ancestor (across shadow roots), else the document's, else the
 * browser's. It re-renders the host when `lang` or `dir` changes on any element of the
 * document's light tree or a translation is registered; a change of the host's own `lang`
 * re-renders it as any property does.
 */
export class LocalizeController<T extends Strings> implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private readonly catalog: Catalog<T>;
  // '' is never a resolved locale: it stands for "nothing cached".
  private cachedLang = '';
  private cachedStrings: T | undefined;
  // Resolved once per update: walking the ancestors for every timer on a board would add up.
  private resolvedLang: string | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement, catalog: Catalog<T>) {
    this.host = host;
    this.catalog = catalog;
    host.addController(this);
  }

  hostConnected(): void {
    controllers.add(this as unknown as LocalizeController<Strings>);
    observer ??= observeDocument();
  }

  hostDisconnected(): void {
    controllers.delete(this as unknown as LocalizeController<Strings>);
  }

  hostUpdate(): void {
    this.resolvedLang = undefined;
  }

  /** Re-render with the current locale; called when the page's locale or translations change. */
  refresh(): void {
    this.cachedLang = '';
    this.resolvedLang = undefined;
    this.host.requestUpdate();
  }

  /** The resolved locale code. */
  get lang(): string {
    // The host's own property first: FwElement makes `lang` reactive, and a property set from
    // script does not reach the attribute.
    if (this.resolvedLang === undefined) {
      // Underscores are never part of a tag (a page's lang="en_US" means en-US). A tag Intl
      // refuses ('' too) would make every formatter throw, and the element never render.
      const tag = String(this.host.lang || closestAttribute(this.host, 'lang')).replace(/_/g, '-');
      try {
        Intl.getCanonicalLocales(tag);
        this.resolvedLang = tag;
      } catch {
        this.resolvedLang = globalThis.navigator?.language || 'en';
      }
    }
    return this.resolvedLang;
  }

  /** This component's strings in the resolved locale, English where a translation lacks one. */
  get strings(): T {
    const lang = this.lang;
    if (lang !== this.cachedLang) {
      const { namespace, en, raw } = this.catalog;
      const strings: Record<string, unknown> = {
        ...en,
        ...translation(lang.split('-')[0]!)?.strings[namespace],
        ...translation(lang)?.strings[namespace],
      };
      // Every string a function puts into its sentence is user text or a phrase of its own:
      // isolated here, once per locale, so a host's translation gets it as well. Numbers (plural
      // choices) pass as they are, and so does the key a `raw` function chooses by.
      for (const key in strings) {
        const say = strings[key];
        const from = raw?.includes(key) ? 1 : 0;
        if (typeof say === 'function') {
          strings[key] = (...args: unknown[]) => say(...args.map((a, i) => (i < from || typeof a !== 'string' ? a : isolate(a))));
        }
      }
      this.cachedLang = lang;
      this.cachedStrings = strings as T;
    }
    return this.cachedStrings!;
  }
}

/**
 * The resolved direction of a localized element: the closest `[dir]`, else its locale's. A
 * function rather than a getter, so the elements that never ask do not carry it.
 */
export function dirOf(host: HTMLElement, lang: string): 'ltr' | 'rtl' {
  const dir = host.dir || closestAttribute(host, 'dir');
  return dir === 'rtl' || dir === 'ltr' ? dir : translation(lang)?.$dir ?? 'ltr';
}

function observeDocument(): MutationObserver | undefined {
  if (typeof MutationObserver === 'undefined' || typeof document === 'undefined') return undefined;
  const watcher = new MutationObserver(() => {
    for (const controller of controllers) controller.refresh();
  });
  // The whole light tree, not only <html>: a desktop that localises one panel sets lang and dir
  // on the panel. Shadow trees are not observed; a host's own element re-renders through `lang`.
  watcher.observe(document.documentElement, { attributes: true, subtree: true, attributeFilter: ['lang', 'dir'] });
  return watcher;
}
