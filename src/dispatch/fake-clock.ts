/** @deprecated Moved to `src/common/fake-clock.ts`; kept only until bench/ imports it from there. */
export { FakeClock, settle } from '../common/fake-clock.ts';
