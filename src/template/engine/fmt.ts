/**
 * Go's fmt.Sprint, Sprintln and Sprintf over the value model of values.ts.
 */
import { formatFloat } from './ftoa.ts';
import { canBackquote, isGoPrint, quoteRune } from './strconv.ts';
import { GoNumber, findMethod, goTypeName, kindOf, sortedEntries, structFields } from './values.ts';

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  plusV: boolean;
  sharpV: boolean;
  wid: number;
  widPresent: boolean;
  prec: number;
  precPresent: boolean;
}

const MAX_RUNE = 0x10ffff;

function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

function truncateRunes(s: string, n: number): string {
  let count = 0;
  let i = 0;
  while (i < s.length && count < n) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    count++;
  }
  return s.slice(0, i);
}

const encoder = new TextEncoder();

/** One formatting run (Go's `pp`): output buffer, current flags and the argument being printed. */
class Printer {
  buf = '';
  f: Flags = Printer.clear();
  private arg: unknown = undefined;
  private erroring = false;
  private reordered = false;
  private goodArgNum = true;

  static clear(): Flags {
    return {
      plus: false, minus: false, sharp: false, space: false, zero: false, plusV: false, sharpV: false,
      wid: 0, widPresent: false, prec: 0, precPresent: false,
    };
  }

  // ---- padding (fmt/format.go) ----

  private writePadding(n: number): void {
    if (n <= 0) return;
    this.buf += (this.f.zero ? '0' : ' ').repeat(n);
  }

  private pad(s: string): void {
    if (!this.f.widPresent || this.f.wid === 0) {
      this.buf += s;
      return;
    }
    const width = this.f.wid - runeCount(s);
    if (!this.f.minus) {
      this.writePadding(width);
      this.buf += s;
    } else {
      this.buf += s;
      this.writePadding(width);
    }
  }

  private padString(s: string): void {
    this.pad(s);
  }

  private withoutZero(fn: () => void): void {
    const old = this.f.zero;
    this.f.zero = false;
    fn();
    this.f.zero = old;
  }

  // ---- basic formatters ----

  private fmtBool(v: boolean, verb: string): void {
    if (verb === 't' || verb === 'v') this.padString(v ? 'true' : 'false');
    else this.badVerb(verb);
  }

  private fmtIntegerDigits(u: bigint, base: number, negative: boolean, verb: string, upper: boolean): void {
    const f = this.f;
    let prec = 0;
    if (f.precPresent) {
      prec = f.prec;
      if (prec === 0 && u === 0n) {
        this.withoutZero(() => this.writePadding(f.wid));
        return;
      }
    } else if (f.zero && f.widPresent) {
      prec = f.wid;
      if (negative || f.plus || f.space) prec--;
    }
    let digits = u.toString(base);
    if (upper) digits = digits.toUpperCase();
    if (digits.length < prec) digits = '0'.repeat(prec - digits.length) + digits;
    if (f.sharp) {
      if (base === 2) digits = '0b' + digits;
      else if (base === 8 && digits[0] !== '0') digits = '0' + digits;
      else if (base === 16) digits = (upper ? '0X' : '0x') + digits;
    }
    if (verb === 'O') digits = '0o' + digits;
    if (negative) digits = '-' + digits;
    else if (f.plus) digits = '+' + digits;
    else if (f.space) digits = ' ' + digits;
    this.withoutZero(() => this.pad(digits));
  }

  private fmtInteger(v: bigint, signed: boolean, verb: string): void {
    const negative = signed && v < 0n;
    const u = negative ? -v : v;
    switch (verb) {
      case 'v':
        if (this.f.sharpV && !signed) {
          this.fmt0x64(u, true);
          return;
        }
        this.fmtIntegerDigits(u, 10, negative, verb, false);
        return;
      case 'd':
        this.fmtIntegerDigits(u, 10, negative, verb, false);
        return;
      case 'b':
        this.fmtIntegerDigits(u, 2, negative, verb, false);
        return;
      case 'o':
      case 'O':
        this.fmtIntegerDigits(u, 8, negative, verb, false);
        return;
      case 'x':
        this.fmtIntegerDigits(u, 16, negative, verb, false);
        return;
      case 'X':
        this.fmtIntegerDigits(u, 16, negative, verb, true);
        return;
      case 'c':
        this.pad(String.fromCodePoint(validRune(v)));
        return;
      case 'q':
        this.pad("'" + quoteRune(validRune(v), "'", this.f.plus) + "'");
        return;
      case 'U':
        this.fmtUnicode(v);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private fmt0x64(u: bigint, leading0x: boolean): void {
    const sharp = this.f.sharp;
    this.f.sharp = leading0x;
    this.fmtIntegerDigits(u, 16, false, 'v', false);
    this.f.sharp = sharp;
  }

  private fmtUnicode(v: bigint): void {
    const u = v < 0n ? v + 2n ** 64n : v;
    let hex = u.toString(16).toUpperCase();
    const prec = this.f.precPresent && this.f.prec > 4 ? this.f.prec : 4;
    if (hex.length < prec) hex = '0'.repeat(prec - hex.length) + hex;
    let s = 'U+' + hex;
    if (this.f.sharp && u <= BigInt(MAX_RUNE) && isGoPrint(Number(u))) s += " '" + String.fromCodePoint(Number(u)) + "'";
    this.withoutZero(() => this.pad(s));
  }

  private fmtFloat(v: number, size: 32 | 64, verb: string): void {
    switch (verb) {
      case 'v':
        this.fmtFloatPrec(v, size, 'g', -1);
        return;
      case 'b':
      case 'g':
      case 'G':
      case 'x':
      case 'X':
        this.fmtFloatPrec(v, size, verb, -1);
        return;
      case 'f':
      case 'e':
      case 'E':
        this.fmtFloatPrec(v, size, verb, 6);
        return;
      case 'F':
        this.fmtFloatPrec(v, size, 'f', 6);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private fmtFloatPrec(v: number, size: 32 | 64, verb: string, defaultPrec: number): void {
    const f = this.f;
    const prec = f.precPresent ? f.prec : defaultPrec;
    let num = formatFloat(v, verb, prec, size);
    if (num[0] !== '-' && num[0] !== '+') num = '+' + num;
    if (f.space && num[0] === '+' && !f.plus) num = ' ' + num.slice(1);
    if (num[1] === 'I' || num[1] === 'N') {
      if (num[1] === 'N' && !f.space && !f.plus) num = num.slice(1);
      this.withoutZero(() => this.pad(num));
      return;
    }
    if (f.sharp && verb !== 'b') num = sharpFloat(num, verb, prec);
    if (f.plus || num[0] !== '+') {
      if (f.zero && f.widPresent && f.wid > num.length) {
        this.buf += num[0];
        this.writePadding(f.wid - num.length);
        this.buf += num.slice(1);
        return;
      }
      this.pad(num);
      return;
    }
    this.pad(num.slice(1));
  }

  private fmtString(s: string, verb: string): void {
    switch (verb) {
      case 'v':
        if (this.f.sharpV) this.fmtQ(s);
        else this.fmtS(s);
        return;
      case 's':
        this.fmtS(s);
        return;
      case 'x':
      case 'X':
        this.fmtSx(s, verb === 'X');
        return;
      case 'q':
        this.fmtQ(s);
        return;
      default:
        this.badVerb(verb);
    }
  }

  private truncate(s: string): string {
    return this.f.precPresent ? truncateRunes(s, this.f.prec) : s;
  }

  private fmtS(s: string): void {
    this.padString(this.truncate(s));
  }

  private fmtSx(s: string, upper: boolean): void {
    let bytes = encoder.encode(s);
    if (this.f.precPresent && this.f.prec < bytes.length) bytes = bytes.subarray(0, this.f.prec);
    if (bytes.length === 0) {
      if (this.f.widPresent) this.writePadding(this.f.wid);
      return;
    }
    let out = '';
    bytes.forEach((b, i) => {
      if (this.f.space && i > 0) out += ' ';
      if (this.f.sharp && (this.f.space || i === 0)) out += upper ? '0X' : '0x';
      const h = b.toString(16).padStart(2, '0');
      out += upper ? h.toUpperCase() : h;
    });
    this.pad(out);
  }

  private fmtQ(s: string): void {
    const t = this.truncate(s);
    if (this.f.sharp && canBackquote(t)) {
      this.padString('`' + t + '`');
      return;
    }
    let q = '"';
    for (const ch of t) q += quoteRune(ch.codePointAt(0) ?? 0, '"', this.f.plus);
    this.padString(q + '"');
  }

  // ---- errors ----

  private badVerb(verb: string): void {
    this.erroring = true;
    this.buf += '%!' + verb + '(';
    const arg = this.arg;
    if (arg !== undefined && arg !== null) {
      this.buf += goTypeName(arg) + '=';
      this.printArg(arg, 'v');
    } else {
      this.buf += '<nil>';
    }
    this.buf += ')';
    this.erroring = false;
  }

  // ---- values ----

  /** Go's pp.printArg. */
  printArg(arg: unknown, verb: string): void {
    this.arg = arg;
    if (arg === undefined || arg === null) {
      if (verb === 'T' || verb === 'v') this.padString('<nil>');
      else this.badVerb(verb);
      return;
    }
    if (verb === 'T') {
      this.fmtS(goTypeName(arg));
      return;
    }
    if (verb === 'p') {
      this.badVerb(verb);
      return;
    }
    switch (typeof arg) {
      case 'string':
        this.fmtString(arg, verb);
        return;
      case 'bigint':
        this.fmtInteger(arg, true, verb);
        return;
      case 'number':
        this.fmtFloat(arg, 64, verb);
        return;
      case 'boolean':
        this.fmtBool(arg, verb);
        return;
      default:
        break;
    }
    if (arg instanceof GoNumber) {
      this.printGoNumber(arg, verb);
      return;
    }
    if (!this.handleMethods(arg, verb)) this.printValue(arg, verb, 0);
  }

  private printGoNumber(n: GoNumber, verb: string): void {
    if (n.type === 'float32') this.fmtFloat(Number(n.value), 32, verb);
    else this.fmtInteger(BigInt(n.value), !n.type.startsWith('u'), verb);
  }

  /** Uses Error() or String() for the verbs that print strings. Returns true when it printed. */
  private handleMethods(arg: unknown, verb: string): boolean {
    if (this.erroring || this.f.sharpV) return false;
    if (verb !== 'v' && verb !== 's' && verb !== 'x' && verb !== 'X' && verb !== 'q') return false;
    if (typeof arg !== 'object' || arg === null) return false;
    const method = findMethod(arg, 'Error') ?? findMethod(arg, 'String');
    let text: string;
    if (method !== undefined) {
      try {
        text = String(method.call(arg));
      } catch (e) {
        const name = findMethod(arg, 'Error') !== undefined ? 'Error' : 'String';
        this.buf += `%!${verb}(PANIC=${name} method: ${e instanceof Error ? e.message : String(e)})`;
        return true;
      }
    } else if (arg instanceof Error) {
      text = arg.message;
    } else {
      return false;
    }
    this.fmtString(text, verb);
    return true;
  }

  private printValue(v: unknown, verb: string, depth: number): void {
    if (depth > 0 && v !== undefined && v !== null) {
      this.arg = v;
      if (typeof v !== 'object' || v instanceof GoNumber) {
        this.printArg(v, verb);
        return;
      }
      if (this.handleMethods(v, verb)) return;
    }
    if (v === undefined || v === null) {
      if (depth === 0) this.buf += '<invalid reflect.Value>';
      else if (this.f.sharpV) this.buf += 'interface {}(nil)';
      else this.buf += '<nil>';
      return;
    }
    const f = this.f;
    switch (kindOf(v)) {
      case 'slice': {
        const arr = v as unknown[];
        if (f.sharpV) {
          this.buf += goTypeName(v) + '{';
          arr.forEach((e, i) => {
            if (i > 0) this.buf += ', ';
            this.printValue(e, verb, depth + 1);
          });
          this.buf += '}';
        } else {
          this.buf += '[';
          arr.forEach((e, i) => {
            if (i > 0) this.buf += ' ';
            this.printValue(e, verb, depth + 1);
          });
          this.buf += ']';
        }
        return;
      }
      case 'map': {
        this.buf += f.sharpV ? goTypeName(v) + '{' : 'map[';
        sortedEntries(v as object).forEach(([k, e], i) => {
          if (i > 0) this.buf += f.sharpV ? ', ' : ' ';
          this.printValue(k, verb, depth + 1);
          this.buf += ':';
          this.printValue(e, verb, depth + 1);
        });
        this.buf += f.sharpV ? '}' : ']';
        return;
      }
      case 'struct': {
        if (f.sharpV) this.buf += goTypeName(v);
        this.buf += '{';
        const obj = v as Record<string, unknown>;
        structFields(obj).forEach((name, i) => {
          if (i > 0) this.buf += f.sharpV ? ', ' : ' ';
          if (f.plusV || f.sharpV) this.buf += name + ':';
          this.printValue(obj[name] ?? null, verb, depth + 1);
        });
        this.buf += '}';
        return;
      }
      case 'func':
        if (verb === 'v') this.pad('0x0');
        else this.badVerb(verb);
        return;
      default:
        this.printArg(v, verb);
    }
  }

  // ---- Sprintf driver (fmt/print.go doPrintf) ----

  private argNumber(argNum: number, format: string, i: number, numArgs: number): [number, number, boolean] {
    if (format.length <= i || format[i] !== '[') return [argNum, i, false];
    this.reordered = true;
    const [index, wid, ok] = parseArgNumber(format.slice(i));
    if (ok && index >= 0 && index < numArgs) return [index, i + wid, true];
    this.goodArgNum = false;
    return [argNum, i + wid, ok];
  }

  doPrintf(format: string, a: unknown[]): void {
    const end = format.length;
    let argNum = 0;
    let afterIndex = false;
    this.reordered = false;
    let i = 0;
    formatLoop: while (i < end) {
      this.goodArgNum = true;
      const lasti = i;
      while (i < end && format[i] !== '%') i++;
      if (i > lasti) this.buf += format.slice(lasti, i);
      if (i >= end) break;
      i++;
      this.f = Printer.clear();
      const f = this.f;
      simple: for (; i < end; i++) {
        const c = format[i] as string;
        switch (c) {
          case '#':
            f.sharp = true;
            break;
          case '0':
            f.zero = !f.minus;
            break;
          case '+':
            f.plus = true;
            break;
          case '-':
            f.minus = true;
            f.zero = false;
            break;
          case ' ':
            f.space = true;
            break;
          default:
            if (c >= 'a' && c <= 'z' && argNum < a.length) {
              if (c === 'v') {
                f.sharpV = f.sharp;
                f.sharp = false;
                f.plusV = f.plus;
                f.plus = false;
              }
              this.printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simple;
        }
      }
      [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i < end && format[i] === '*') {
        i++;
        [f.wid, f.widPresent, argNum] = intFromArg(a, argNum);
        if (!f.widPresent) this.buf += '%!(BADWIDTH)';
        if (f.wid < 0) {
          f.wid = -f.wid;
          f.minus = true;
          f.zero = false;
        }
        afterIndex = false;
      } else {
        [f.wid, f.widPresent, i] = parsenum(format, i, end);
        if (afterIndex && f.widPresent) this.goodArgNum = false;
      }
      if (i + 1 < end && format[i] === '.') {
        i++;
        if (afterIndex) this.goodArgNum = false;
        [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
        if (i < end && format[i] === '*') {
          i++;
          [f.prec, f.precPresent, argNum] = intFromArg(a, argNum);
          if (f.prec < 0) {
            f.prec = 0;
            f.precPresent = false;
          }
          if (!f.precPresent) this.buf += '%!(BADPREC)';
          afterIndex = false;
        } else {
          [f.prec, f.precPresent, i] = parsenum(format, i, end);
          if (!f.precPresent) {
            f.prec = 0;
            f.precPresent = true;
          }
        }
      }
      if (!afterIndex) [argNum, i, afterIndex] = this.argNumber(argNum, format, i, a.length);
      if (i >= end) {
        this.buf += '%!(NOVERB)';
        break;
      }
      const cp = format.codePointAt(i) ?? 0;
      const verb = String.fromCodePoint(cp);
      i += verb.length;
      if (verb === '%') {
        this.buf += '%';
      } else if (!this.goodArgNum) {
        this.buf += `%!${verb}(BADINDEX)`;
      } else if (argNum >= a.length) {
        this.buf += `%!${verb}(MISSING)`;
      } else {
        if (verb === 'v') {
          f.sharpV = f.sharp;
          f.sharp = false;
          f.plusV = f.plus;
          f.plus = false;
        }
        this.printArg(a[argNum], verb);
        argNum++;
      }
    }
    if (!this.reordered && argNum < a.length) {
      this.f = Printer.clear();
      this.buf += '%!(EXTRA ';
      a.slice(argNum).forEach((arg, k) => {
        if (k > 0) this.buf += ', ';
        if (arg === undefined || arg === null) this.buf += '<nil>';
        else {
          this.buf += goTypeName(arg) + '=';
          this.printArg(arg, 'v');
        }
      });
      this.buf += ')';
    }
  }
}

function validRune(v: bigint): number {
  if (v < 0n || v > BigInt(MAX_RUNE)) return 0xfffd;
  const n = Number(v);
  return n >= 0xd800 && n <= 0xdfff ? 0xfffd : n;
}

// The # flag: keep a decimal point, and for %g/%x keep trailing zeros up to the precision.
function sharpFloat(num: string, verb: string, prec: number): string {
  let digits = 0;
  if (verb === 'g' || verb === 'G' || verb === 'x') digits = prec === -1 ? 6 : prec;
  let body = num;
  let tail = '';
  let hasPoint = false;
  let sawNonzero = false;
  for (let i = 1; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '.') {
      hasPoint = true;
      continue;
    }
    if (c === 'p' || c === 'P' || ((c === 'e' || c === 'E') && verb !== 'x' && verb !== 'X')) {
      tail = body.slice(i);
      body = body.slice(0, i);
      break;
    }
    if (c !== '0') sawNonzero = true;
    if (sawNonzero) digits--;
  }
  if (!hasPoint) {
    if (body.length === 2 && body[1] === '0') digits--;
    body += '.';
  }
  if (digits > 0) body += '0'.repeat(digits);
  return body + tail;
}

function parsenum(s: string, start: number, end: number): [number, boolean, number] {
  if (start >= end) return [0, false, end];
  let num = 0;
  let isnum = false;
  let i = start;
  for (; i < end && (s[i] as string) >= '0' && (s[i] as string) <= '9'; i++) {
    if (num > 1e6) return [0, false, end];
    num = num * 10 + (s.charCodeAt(i) - 48);
    isnum = true;
  }
  return [num, isnum, i];
}

function parseArgNumber(format: string): [number, number, boolean] {
  if (format.length < 3) return [0, 1, false];
  for (let i = 1; i < format.length; i++) {
    if (format[i] === ']') {
      const [width, ok, newi] = parsenum(format, 1, i);
      if (!ok || newi !== i) return [0, i + 1, false];
      return [width - 1, i + 1, true];
    }
  }
  return [0, 1, false];
}

function intFromArg(a: unknown[], argNum: number): [number, boolean, number] {
  if (argNum >= a.length) return [0, false, argNum];
  const v = a[argNum];
  let num = 0;
  let isInt = false;
  if (typeof v === 'bigint') {
    num = Number(v);
    isInt = true;
  } else if (v instanceof GoNumber && v.type !== 'float32') {
    num = Number(v.value);
    isInt = true;
  }
  if (num > 1e6 || num < -1e6) return [0, false, argNum + 1];
  return [num, isInt, argNum + 1];
}

/** Go's fmt.Sprintf. */
export function sprintf(format: string, args: unknown[]): string {
  const p = new Printer();
  p.doPrintf(format, args);
  return p.buf;
}

/** Go's fmt.Sprint: operands are separated by a space when neither side is a string. */
export function sprint(args: unknown[]): string {
  const p = new Printer();
  let prevString = false;
  args.forEach((arg, i) => {
    const isString = typeof arg === 'string';
    if (i > 0 && !isString && !prevString) p.buf += ' ';
    p.f = Printer.clear();
    p.printArg(arg, 'v');
    prevString = isString;
  });
  return p.buf;
}

/** Go's fmt.Sprintln: operands always separated by spaces, newline appended. */
export function sprintln(args: unknown[]): string {
  const p = new Printer();
  args.forEach((arg, i) => {
    if (i > 0) p.buf += ' ';
    p.f = Printer.clear();
    p.printArg(arg, 'v');
  });
  return p.buf + '\n';
}
