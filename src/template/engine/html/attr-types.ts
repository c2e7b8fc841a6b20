/**
 * What an HTML attribute's value holds (html/template's attrType): plain text, a URL, CSS, JS, a
 * srcset, or something unsafe to fill from data.
 */

export type AttrContent = 'plain' | 'url' | 'css' | 'js' | 'srcset' | 'html' | 'unsafe';

const URL_ATTRS = 'action archive background cite classid codebase data formaction href icon longdesc manifest poster profile src usemap xmlns';
const UNSAFE_ATTRS = 'accept-charset async challenge charset content crossorigin defer enctype form formenctype formmethod formnovalidate http-equiv keytype language method novalidate pattern rel sandbox type value';
const PLAIN_ATTRS = 'accept alt autocomplete autofocus autoplay border checked class cols colspan contenteditable contextmenu controls coords datetime default dir dirname disabled draggable dropzone for formtarget headers height hidden high hreflang id ismap kind label lang list loop low max maxlength media mediagroup min multiple name open optimum placeholder preload pubdate radiogroup readonly required reversed rows rowspan spellcheck scope scoped seamless selected shape size sizes span srclang start step tabindex target title width wrap';

const KNOWN = new Map<string, AttrContent>([
  ...URL_ATTRS.split(' ').map((n) => [n, 'url'] as const),
  ...UNSAFE_ATTRS.split(' ').map((n) => [n, 'unsafe'] as const),
  ...PLAIN_ATTRS.split(' ').map((n) => [n, 'plain'] as const),
  ['style', 'css'],
  ['srcset', 'srcset'],
  ['srcdoc', 'html'],
]);

/** The content type of a (lower-case) attribute name. */
export function attrType(name: string): AttrContent {
  if (name.startsWith('data-')) {
    name = name.slice(5);
  } else {
    const colon = name.indexOf(':');
    if (colon >= 0) {
      if (name.slice(0, colon) === 'xmlns') return 'url';
      name = name.slice(colon + 1);
    }
  }
  const known = KNOWN.get(name);
  if (known !== undefined) return known;
  // Event handlers ("onclick") hold JS; names mentioning src/uri/url hold URLs.
  if (name.startsWith('on')) return 'js';
  if (name.includes('src') || name.includes('uri') || name.includes('url')) return 'url';
  return 'plain';
}
