/** `TOCSIN_ORACLE=1` runs the suite against the real Alertmanager (0.25 here) instead of Tocsin. */
export const ORACLE = process.env['TOCSIN_ORACLE'] === '1';

/** For `test(name, { skip })`: skips in oracle mode with `why`, runs against Tocsin. */
export function tocsinOnly(why: string): string | false {
  return ORACLE ? `oracle mode: ${why}` : false;
}
