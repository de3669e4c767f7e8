/**
 * Registers a custom element unless the tag is taken. Several bundles on one
 * page (a host app plus a widget script) may each carry the element; a second
 * `customElements.define` would throw and break the host.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
