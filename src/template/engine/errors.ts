/**
 * Error classes of the template engine. Messages are shaped like Go's text/template errors.
 */

/** A parse failure, e.g. `template: t:1: unexpected "}" in operand`. */
export class TemplateParseError extends Error {
  override readonly name = 'TemplateParseError';
  constructor(
    message: string,
    /** Name of the parsed text (Go's ParseName). */
    readonly templateName: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** An execution failure, e.g. `template: t:1:2: executing "t" at <.Foo>: can't evaluate field Foo in type int`. */
export class TemplateExecError extends Error {
  override readonly name = 'TemplateExecError';
  constructor(
    message: string,
    /** Name of the template being executed. */
    readonly templateName: string,
  ) {
    super(message);
  }
}
