/**
 * html/template's typed strings (`template.HTML`, `template.URL`, ...): values a template author
 * marks as safe for one context, which the escaper then passes through unescaped there.
 */

/** Kinds of known-safe content, named like Go's html/template types. */
export type ContentKind = 'HTML' | 'HTMLAttr' | 'JS' | 'JSStr' | 'CSS' | 'URL' | 'Srcset';

/** A string of known-safe content; prints as its text (a Go Stringer with kind string). */
export class SafeContent {
  constructor(
    readonly kind: ContentKind,
    readonly value: string,
  ) {}

  String(): string {
    return this.value;
  }

  /** `%T` name, e.g. "template.HTML". */
  get goTypeName(): string {
    return `template.${this.kind}`;
  }

  toJSON(): string {
    return this.value;
  }
}

/** html/template's `template.HTML(s)`. */
export function safeHtml(s: string): SafeContent {
  return new SafeContent('HTML', s);
}

/** html/template's `template.URL(s)`. */
export function safeUrl(s: string): SafeContent {
  return new SafeContent('URL', s);
}
