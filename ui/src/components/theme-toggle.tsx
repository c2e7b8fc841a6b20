import { useEffect, useState } from 'preact/hooks';

type Theme = 'auto' | 'light' | 'dark';
const NEXT: Record<Theme, Theme> = { auto: 'light', light: 'dark', dark: 'auto' };
const KEY = 'tocsin.theme';

/** Cycles auto (prefers-color-scheme) → light → dark; remembered in localStorage. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem(KEY) as Theme | null) ?? 'auto');
  useEffect(() => {
    if (theme === 'auto') {
      delete document.documentElement.dataset.theme;
      localStorage.removeItem(KEY);
    } else {
      document.documentElement.dataset.theme = theme;
      localStorage.setItem(KEY, theme);
    }
  }, [theme]);
  return (
    <button type="button" class="btn btn-ghost" onClick={() => setTheme(NEXT[theme])} aria-label={`Colour theme: ${theme}. Change theme`} title="Change theme">
      {theme === 'dark' ? '☾' : theme === 'light' ? '☀' : '◐'} <span class="hide-narrow">{theme}</span>
    </button>
  );
}
