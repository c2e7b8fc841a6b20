import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useReducer, useRef } from 'preact/hooks';

interface Props<T> {
  items: readonly T[];
  itemKey: (item: T) => string;
  /** A guess of a row's height in pixels until it has been measured. */
  estimate: (item: T) => number;
  render: (item: T) => ComponentChildren;
  /** Pixels rendered beyond the viewport on each side. */
  overscan?: number;
}

/**
 * A list scrolled with the page that renders only the rows near the viewport. Row heights are
 * measured after rendering and remembered by key, so rows may wrap and expand freely and a refresh
 * that keeps the keys keeps the scroll position.
 */
export function VirtualList<T>({ items, itemKey, estimate, render, overscan = 800 }: Props<T>) {
  const outer = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLDivElement>(null);
  const heights = useRef(new Map<string, number>());
  const [, redraw] = useReducer((n: number) => n + 1, 0);

  useLayoutEffect(() => {
    let frame = 0;
    const onScroll = (): void => {
      if (frame === 0)
        frame = requestAnimationFrame(() => {
          frame = 0;
          redraw(undefined);
        });
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('resize', onScroll);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('resize', onScroll);
    };
  }, []);

  useLayoutEffect(() => {
    let changed = false;
    for (const child of Array.from(inner.current?.children ?? [])) {
      const key = (child as HTMLElement).dataset.key;
      const h = (child as HTMLElement).offsetHeight;
      if (key !== undefined && heights.current.get(key) !== h) {
        heights.current.set(key, h);
        changed = true;
      }
    }
    if (changed) redraw(undefined);
  });

  const top = outer.current === null ? 0 : -outer.current.getBoundingClientRect().top;
  const from = top - overscan;
  const to = top + window.innerHeight + overscan;
  let offset = 0;
  let start = -1;
  let startOffset = 0;
  let end = items.length;
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as T;
    const h = heights.current.get(itemKey(item)) ?? estimate(item);
    if (start === -1 && offset + h >= from) {
      start = i;
      startOffset = offset;
    }
    if (offset > to && end === items.length) end = i;
    offset += h;
  }
  const visible = start === -1 ? [] : items.slice(start, end);

  return (
    <div ref={outer} class="vlist" style={{ height: `${offset}px` }} role="list">
      <div ref={inner} style={{ transform: `translateY(${startOffset}px)` }}>
        {visible.map((item) => {
          const key = itemKey(item);
          return (
            <div key={key} data-key={key} role="listitem">
              {render(item)}
            </div>
          );
        })}
      </div>
    </div>
  );
}
