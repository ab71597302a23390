// DOM helpers for the threat-model webview. Repository text is untrusted: it only ever reaches the
// page through textContent or an allow-listed attribute, never as markup, and never as a handler.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Attributes the view sets; anything else (on*, href, style, srcdoc…) is refused. */
const SAFE_ATTRS = new Set([
  'class',
  'id',
  'role',
  'tabindex',
  'title',
  'type',
  'value',
  'placeholder',
  'checked',
  'disabled',
  'appearance',
  'secondary',
  'icon',
  'label',
  'open',
  'heading',
  'x',
  'y',
  'x1',
  'x2',
  'y1',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'width',
  'height',
  'd',
  'points',
  'transform',
  'viewBox',
  'markerWidth',
  'markerHeight',
  'refX',
  'refY',
  'orient',
  'markerUnits',
  'marker-end',
  'marker-start',
  'dominant-baseline',
  'text-anchor',
  'focusable',
  'preserveAspectRatio',
  'for',
  'name',
  'size',
]);

export type Attrs = Record<string, string | number | boolean | undefined>;

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (!SAFE_ATTRS.has(k) && !k.startsWith('aria-') && !k.startsWith('data-')) throw new Error(`attribute ${k} is not allowed`);
    el.setAttribute(k, v === true ? '' : String(v));
  }
}

/** An HTML element with attributes and children; strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: (Node | string | undefined | false)[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: (Node | string | undefined | false)[]): HTMLElement {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  for (const c of children) if (c !== undefined && c !== false) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** An SVG element; text goes in through `text()`. */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | undefined)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  for (const c of children) if (c) el.append(c);
  return el;
}

export function text(el: Element, value: string): Element {
  el.textContent = value;
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.firstChild.remove();
}
