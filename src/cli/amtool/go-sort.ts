/**
 * Go's `sort.Sort` (pattern-defeating quicksort, Go 1.19 to 1.21), reproduced step for step
 * because it is not stable: amtool sorts alerts by start and silences by end with it, and rows
 * with equal keys come out in the order this algorithm leaves them, which output must match.
 */

type Less = (i: number, j: number) => boolean;
type Swap = (i: number, j: number) => void;

const enum Hint {
  Unknown,
  Increasing,
  Decreasing,
}

// bits.Len: the number of bits needed to represent n.
function bitLen(n: number): number {
  return n === 0 ? 0 : Math.floor(Math.log2(n)) + 1;
}

const MASK64 = (1n << 64n) - 1n;

class Sorter {
  constructor(
    private readonly less: Less,
    private readonly swap: Swap,
  ) {}

  insertion(a: number, b: number): void {
    for (let i = a + 1; i < b; i++) {
      for (let j = i; j > a && this.less(j, j - 1); j--) this.swap(j, j - 1);
    }
  }

  private siftDown(lo: number, hi: number, first: number): void {
    let root = lo;
    for (;;) {
      let child = 2 * root + 1;
      if (child >= hi) return;
      if (child + 1 < hi && this.less(first + child, first + child + 1)) child++;
      if (!this.less(first + root, first + child)) return;
      this.swap(first + root, first + child);
      root = child;
    }
  }

  private heap(a: number, b: number): void {
    const hi = b - a;
    for (let i = Math.floor((hi - 1) / 2); i >= 0; i--) this.siftDown(i, hi, a);
    for (let i = hi - 1; i >= 0; i--) {
      this.swap(a, a + i);
      this.siftDown(0, i, a);
    }
  }

  pdq(a: number, b: number, limit: number): void {
    let wasBalanced = true;
    let wasPartitioned = true;
    for (;;) {
      const length = b - a;
      if (length <= 12) return this.insertion(a, b);
      if (limit === 0) return this.heap(a, b);
      if (!wasBalanced) {
        this.breakPatterns(a, b);
        limit--;
      }
      let [pivot, hint] = this.choosePivot(a, b);
      if (hint === Hint.Decreasing) {
        this.reverse(a, b);
        pivot = b - 1 - (pivot - a);
        hint = Hint.Increasing;
      }
      if (wasBalanced && wasPartitioned && hint === Hint.Increasing && this.partialInsertion(a, b)) return;
      if (a > 0 && !this.less(a - 1, pivot)) {
        a = this.partitionEqual(a, b, pivot);
        continue;
      }
      const [mid, already] = this.partition(a, b, pivot);
      wasPartitioned = already;
      const left = mid - a;
      const right = b - mid;
      const threshold = Math.floor(length / 8);
      if (left < right) {
        wasBalanced = left >= threshold;
        this.pdq(a, mid, limit);
        a = mid + 1;
      } else {
        wasBalanced = right >= threshold;
        this.pdq(mid + 1, b, limit);
        b = mid;
      }
    }
  }

  private partition(a: number, b: number, pivot: number): [number, boolean] {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    while (i <= j && this.less(i, a)) i++;
    while (i <= j && !this.less(j, a)) j--;
    if (i > j) {
      this.swap(j, a);
      return [j, true];
    }
    this.swap(i++, j--);
    for (;;) {
      while (i <= j && this.less(i, a)) i++;
      while (i <= j && !this.less(j, a)) j--;
      if (i > j) break;
      this.swap(i++, j--);
    }
    this.swap(j, a);
    return [j, false];
  }

  private partitionEqual(a: number, b: number, pivot: number): number {
    this.swap(a, pivot);
    let i = a + 1;
    let j = b - 1;
    for (;;) {
      while (i <= j && !this.less(a, i)) i++;
      while (i <= j && this.less(a, j)) j--;
      if (i > j) return i;
      this.swap(i++, j--);
    }
  }

  private partialInsertion(a: number, b: number): boolean {
    let i = a + 1;
    for (let step = 0; step < 5; step++) {
      while (i < b && !this.less(i, i - 1)) i++;
      if (i === b) return true;
      if (b - a < 50) return false;
      this.swap(i, i - 1);
      if (i - a >= 2) {
        for (let j = i - 1; j >= 1 && this.less(j, j - 1); j--) this.swap(j, j - 1);
      }
      if (b - i >= 2) {
        for (let j = i + 1; j < b && this.less(j, j - 1); j++) this.swap(j, j - 1);
      }
    }
    return false;
  }

  private breakPatterns(a: number, b: number): void {
    const length = b - a;
    if (length < 8) return;
    let random = BigInt(length);
    const modulus = BigInt(2 ** bitLen(length));
    const from = a + Math.floor(length / 4) * 2 - 1;
    for (let idx = from; idx <= from + 2; idx++) {
      random ^= (random << 13n) & MASK64;
      random ^= random >> 17n;
      random ^= (random << 5n) & MASK64;
      let other = Number(random & (modulus - 1n));
      if (other >= length) other -= length;
      this.swap(idx, a + other);
    }
  }

  private choosePivot(a: number, b: number): [number, Hint] {
    const l = b - a;
    const swaps = { n: 0 };
    const q = Math.floor(l / 4);
    let i = a + q;
    let j = a + q * 2;
    let k = a + q * 3;
    if (l >= 8) {
      if (l >= 50) {
        i = this.median(i - 1, i, i + 1, swaps);
        j = this.median(j - 1, j, j + 1, swaps);
        k = this.median(k - 1, k, k + 1, swaps);
      }
      j = this.median(i, j, k, swaps);
    }
    return [j, swaps.n === 0 ? Hint.Increasing : swaps.n === 12 ? Hint.Decreasing : Hint.Unknown];
  }

  private order2(a: number, b: number, swaps: { n: number }): [number, number] {
    if (this.less(b, a)) {
      swaps.n++;
      return [b, a];
    }
    return [a, b];
  }

  private median(a: number, b: number, c: number, swaps: { n: number }): number {
    [a, b] = this.order2(a, b, swaps);
    [b, c] = this.order2(b, c, swaps);
    [a, b] = this.order2(a, b, swaps);
    return b;
  }

  private reverse(a: number, b: number): void {
    for (let i = a, j = b - 1; i < j; i++, j--) this.swap(i, j);
  }
}

/** Sorts `items` in place exactly as Go's `sort.Sort` orders them, equal elements included. */
export function goSort<T>(items: T[], less: (x: T, y: T) => boolean): void {
  const n = items.length;
  if (n <= 1) return;
  const sorter = new Sorter(
    (i, j) => less(items[i] as T, items[j] as T),
    (i, j) => {
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    },
  );
  sorter.pdq(0, n, bitLen(n));
}
