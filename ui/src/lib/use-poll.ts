import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Poll<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  /** When the data last arrived. */
  at: number | undefined;
  reload: () => void;
}

/**
 * Loads `load()` now, whenever `deps` change, and every `intervalMs` unless paused or the tab is
 * hidden. The previous data stays shown while a refresh runs, so the page never blanks or jumps.
 */
export function usePoll<T>(load: () => Promise<T>, deps: readonly unknown[], intervalMs = 0, paused = false): Poll<T> {
  const [state, setState] = useState<Omit<Poll<T>, 'reload'>>({ data: undefined, error: undefined, loading: true, at: undefined });
  const seq = useRef(0);
  const inFlight = useRef(false);
  const loadRef = useRef(load);
  loadRef.current = load;

  const reload = useCallback(() => {
    const mine = ++seq.current;
    inFlight.current = true;
    setState((s) => ({ ...s, loading: true }));
    const settle = (): boolean => {
      if (mine !== seq.current) return false;
      inFlight.current = false;
      return true;
    };
    loadRef.current().then(
      (data) => settle() && setState({ data, error: undefined, loading: false, at: Date.now() }),
      (err: Error) => settle() && setState((s) => ({ ...s, error: err.message, loading: false })),
    );
  }, []);

  useEffect(reload, deps);
  useEffect(() => {
    if (intervalMs <= 0 || paused) return;
    const timer = setInterval(() => {
      // A slow answer is waited for rather than superseded, or a large list would never arrive.
      if (document.visibilityState === 'visible' && !inFlight.current) reload();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, paused, reload]);

  return { ...state, reload };
}
