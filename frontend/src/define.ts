/**
 * Register an element once: the panel and the card are separate bundles that may both be loaded
 * and share a few element names; a second `customElements.define` would throw.
 */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
