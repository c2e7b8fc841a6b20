/** Where a matcher parse error sits in its input, in characters (runes), 0-based, end exclusive. */
export interface MatcherErrorPosition {
  readonly columnStart: number;
  readonly columnEnd: number;
}

/**
 * A matcher or matcher list that does not parse. The message is Alertmanager's own text (for
 * example `bad matcher format: foo!bar` or `3:4: !: expected one of '=~': expected an operator
 * such as '=', '!=', '=~' or '!~'`), so configuration errors read as they do with amtool.
 */
export class MatcherParseError extends SyntaxError {
  override readonly name = 'MatcherParseError';
  /** The whole text that was being parsed. */
  readonly input: string;
  /** Set for errors of the UTF-8 parser, which reports columns. */
  readonly position: MatcherErrorPosition | undefined;

  constructor(message: string, input: string, position?: MatcherErrorPosition, options?: ErrorOptions) {
    super(message, options);
    this.input = input;
    this.position = position;
  }
}
