/**
 * The `routeLabels "name"` template function: renders a route label of the data (itself a
 * template) at most once per top-level render, detecting reference cycles as Alertmanager 0.34 does.
 */
import { arity } from './engine/index.ts';
import { argString } from './func-args.ts';
import { Data, kvRecord, routeLabelsRendered } from './data.ts';

type Exec = (text: string, data: unknown) => string;

let current: RouteLabelResolver | undefined;

/** Resolver for one top-level render. */
export class RouteLabelResolver {
  private readonly raw: Readonly<Record<string, string>>;
  private readonly rendered: boolean;
  private readonly memo = new Map<string, string>();
  private readonly stack: string[] = [];

  private constructor(
    private readonly data: unknown,
    private readonly exec: Exec,
  ) {
    this.raw = data instanceof Data ? kvRecord(data.RouteLabels) : {};
    this.rendered = data instanceof Data && routeLabelsRendered(data);
  }

  /** Runs `body` (a top-level render of `data`) with a fresh resolver for `routeLabels`. */
  static run<T>(data: unknown, exec: Exec, body: () => T): T {
    const prev = current;
    current = new RouteLabelResolver(data, exec);
    try {
      return body();
    } finally {
      current = prev;
    }
  }

  /** The rendered value of route label `name` ("" when absent). */
  resolve(name: string): string {
    if (!Object.prototype.hasOwnProperty.call(this.raw, name)) return '';
    const raw = this.raw[name] as string;
    if (this.rendered) return raw;
    const memo = this.memo.get(name);
    if (memo !== undefined) return memo;
    if (this.stack.includes(name)) throw new Error(`route label cycle detected: ${[...this.stack, name].join(' -> ')}`);
    this.stack.push(name);
    let v: string;
    try {
      v = raw === '' ? '' : this.exec(raw, this.data);
    } finally {
      this.stack.pop();
    }
    this.memo.set(name, v);
    return v;
  }
}

/** The `routeLabels` template function bound to the render in progress. */
export const routeLabelsFunc = arity((name: unknown): string => {
  const n = argString(name);
  return current === undefined ? '' : current.resolve(n);
}, 1);
