/**
 * Go's strconv.FormatFloat for the formats fmt uses ('e', 'E', 'f', 'g', 'G', 'x', 'X').
 * Shortest digits come from JavaScript (both produce the shortest round-tripping digits); fixed
 * precision rounds the exact binary value half-to-even, as Go does.
 */

/** Decimal digits `0.d1d2…dn × 10^dp` of a non-negative finite number (digits without leading zeros). */
interface Decimal {
  digits: string;
  dp: number;
}

function shortest(v: number, bitSize: 32 | 64): Decimal {
  if (v === 0) return { digits: '', dp: 0 };
  let s: string;
  if (bitSize === 32) {
    s = v.toExponential();
    for (let p = 1; p <= 9; p++) {
      const t = v.toExponential(p - 1);
      if (Math.fround(Number(t)) === v) {
        s = t;
        break;
      }
    }
  } else {
    s = v.toExponential();
  }
  return fromExponential(s);
}

function fromExponential(s: string): Decimal {
  const [mant = '', exp = '0'] = s.split('e');
  let digits = mant.replace('.', '');
  digits = digits.replace(/0+$/, '');
  return { digits, dp: Number(exp) + 1 };
}

/** The exact decimal expansion of a non-negative finite double. */
function exact(v: number): Decimal {
  if (v === 0) return { digits: '', dp: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    dp = digits.length + e;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed, dp };
}

/** Rounds to `nd` significant digits, half to even on exact ties (Go's decimal.Round). */
function round(d: Decimal, nd: number): Decimal {
  if (nd < 0 || nd >= d.digits.length) return nd < 0 ? { digits: '', dp: d.dp } : d;
  const next = d.digits.charCodeAt(nd) - 48;
  let up: boolean;
  if (next > 5) up = true;
  else if (next < 5) up = false;
  else if (nd + 1 < d.digits.length) up = true;
  else up = nd > 0 && (d.digits.charCodeAt(nd - 1) - 48) % 2 === 1;
  let digits = d.digits.slice(0, nd);
  let dp = d.dp;
  if (up) {
    let i = nd - 1;
    while (i >= 0 && digits[i] === '9') i--;
    if (i < 0) {
      digits = '1';
      dp++;
    } else {
      digits = digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1);
    }
  }
  return { digits: digits.replace(/0+$/, ''), dp };
}

function fmtE(d: Decimal, prec: number, ch: string): string {
  let s = d.digits.length > 0 ? (d.digits[0] as string) : '0';
  if (prec > 0) {
    s += '.';
    const frac = d.digits.slice(1, prec + 1);
    s += frac + '0'.repeat(prec - frac.length);
  }
  let exp = d.digits.length === 0 ? 0 : d.dp - 1;
  const sign = exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  return s + ch + sign + (exp < 10 ? '0' + exp : String(exp));
}

function fmtF(d: Decimal, prec: number): string {
  let s: string;
  if (d.dp > 0) {
    const intPart = d.digits.slice(0, d.dp);
    s = intPart + '0'.repeat(d.dp - intPart.length);
  } else {
    s = '0';
  }
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = d.dp + i - 1;
      s += j >= 0 && j < d.digits.length ? d.digits[j] : '0';
    }
  }
  return s;
}

function fmtX(v: number, prec: number, upper: boolean, bitSize: 32 | 64): string {
  let mant = 0n;
  let exp = 0;
  if (v !== 0) {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setFloat64(0, v);
    const hi = buf.getUint32(0);
    const lo = buf.getUint32(4);
    const bexp = (hi >>> 20) & 0x7ff;
    mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    if (bexp === 0) {
      exp = -1022;
      while (mant < 1n << 52n) {
        mant <<= 1n;
        exp--;
      }
    } else {
      mant |= 1n << 52n;
      exp = bexp - 1023;
    }
  }
  // mant is 1.xxxx with 52 fraction bits; shift to 60 bits so the fraction is 15 hex digits.
  mant <<= 8n;
  if (prec >= 0 && prec < 15) {
    const shift = BigInt(4 * (15 - prec));
    const half = 1n << (shift - 1n);
    const rest = mant & ((1n << shift) - 1n);
    mant >>= shift;
    if (rest > half || (rest === half && (mant & 1n) === 1n)) mant++;
    mant <<= shift;
    if (mant >= 1n << 61n) {
      mant >>= 1n;
      exp++;
    }
  }
  void bitSize;
  let hex = (mant & ((1n << 60n) - 1n)).toString(16).padStart(15, '0');
  if (prec < 0) hex = hex.replace(/0+$/, '');
  else hex = hex.slice(0, prec).padEnd(prec, '0');
  const lead = v === 0 ? '0' : '1';
  let s = '0x' + lead + (hex.length > 0 ? '.' + hex : '') + 'p' + (exp >= 0 ? '+' : '-');
  const ae = Math.abs(exp);
  s += ae < 10 ? '0' + ae : String(ae);
  return upper ? s.toUpperCase() : s;
}

// 'b' format: decimal mantissa and binary exponent, e.g. 4503599627370496p-52 for 1.
function fmtB(v: number): string {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, v);
  const hi = buf.getUint32(0);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(buf.getUint32(4));
  let exp = -1074;
  if (bexp !== 0) {
    mant |= 1n << 52n;
    exp = bexp - 1075;
  }
  return `${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}

/**
 * strconv.FormatFloat(v, fmt, prec, bitSize). `prec` -1 asks for the shortest representation.
 */
export function formatFloat(v: number, fmt: string, prec: number, bitSize: 32 | 64 = 64): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const neg = v < 0 || Object.is(v, -0);
  const a = Math.abs(v);
  const sign = neg ? '-' : '';
  if (fmt === 'x' || fmt === 'X') return sign + fmtX(a, prec, fmt === 'X', bitSize);
  if (fmt === 'b') return sign + fmtB(a);
  let d: Decimal;
  const isShortest = prec < 0;
  if (isShortest) {
    d = shortest(a, bitSize);
    if (fmt === 'e' || fmt === 'E') prec = Math.max(d.digits.length - 1, 0);
    else if (fmt === 'f') prec = Math.max(d.digits.length - d.dp, 0);
    else prec = d.digits.length;
  } else {
    d = exact(a);
    if (fmt === 'f') d = round(d, d.dp + prec);
    else if (fmt === 'e' || fmt === 'E') d = round(d, prec + 1);
    else {
      if (prec === 0) prec = 1;
      d = round(d, prec);
    }
  }
  switch (fmt) {
    case 'e':
    case 'E':
      return sign + fmtE(d, prec, fmt);
    case 'f':
      return sign + fmtF(d, prec);
    default: {
      let eprec = prec;
      if (eprec > d.digits.length && d.digits.length >= d.dp) eprec = d.digits.length;
      if (isShortest) eprec = 6;
      const exp = d.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (prec > d.digits.length) prec = d.digits.length;
        return sign + fmtE(d, prec - 1, fmt === 'g' ? 'e' : 'E');
      }
      if (prec > d.dp) prec = d.digits.length;
      return sign + fmtF(d, Math.max(prec - d.dp, 0));
    }
  }
}
