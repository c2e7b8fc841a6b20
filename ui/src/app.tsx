import { useEffect, useRef } from 'preact/hooks';
import { ThemeToggle } from './components/theme-toggle.tsx';
import { hrefFor, navigate, useRoute } from './lib/router.ts';
import { AlertsView } from './views/alerts-view.tsx';
import { SilenceDetail } from './views/silence-detail.tsx';
import { SilenceForm } from './views/silence-form.tsx';
import { SilencesView } from './views/silences-view.tsx';
import { StatusView } from './views/status-view.tsx';

const NAV = [
  ['alerts', 'Alerts'],
  ['silences', 'Silences'],
  ['status', 'Status'],
] as const;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The page frame: navigation, keyboard shortcuts and the view for the current hash route. */
export function App() {
  const route = useRoute();
  const filterRef = useRef<HTMLInputElement>(null);
  const [section, sub, action] = route.path;

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '/' && filterRef.current !== null) {
        e.preventDefault();
        filterRef.current.focus();
      } else if (e.key === 'n') navigate(['silences', 'new']);
      else if (e.key === 'a') navigate(['alerts']);
      else if (e.key === 's') navigate(['silences']);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    document.title = `${section === 'silences' ? 'Silences' : section === 'status' ? 'Status' : 'Alerts'} · Tocsin`;
  }, [section]);

  let view;
  if (section === 'silences' && sub === 'new') view = <SilenceForm key={route.params.toString()} params={route.params} />;
  else if (section === 'silences' && sub !== undefined && action === 'edit') view = <SilenceForm key={`edit-${sub}`} editId={sub} params={route.params} />;
  else if (section === 'silences' && sub !== undefined) view = <SilenceDetail id={sub} />;
  else if (section === 'silences') view = <SilencesView params={route.params} />;
  else if (section === 'status') view = <StatusView />;
  else view = <AlertsView params={route.params} filterRef={filterRef} />;

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href={hrefFor(['alerts'])} aria-label="Tocsin home">
          <svg aria-hidden="true" viewBox="0 0 32 32" width="20" height="20">
            <path fill="currentColor" d="M16 3a2 2 0 0 1 2 2v1.2A9 9 0 0 1 25 15v6l3 4H4l3-4v-6a9 9 0 0 1 7-8.8V5a2 2 0 0 1 2-2zm-4 24h8a4 4 0 0 1-8 0z" />
          </svg>
          Tocsin
        </a>
        <nav aria-label="Main">
          {NAV.map(([id, label]) => (
            <a key={id} href={hrefFor([id])} aria-current={section === id ? 'page' : undefined} class={section === id ? 'active' : undefined}>
              {label}
            </a>
          ))}
        </nav>
        <span class="spacer" />
        <a class="btn btn-primary btn-small hide-narrow" href={hrefFor(['silences', 'new'])} title="New silence (n)">
          + Silence
        </a>
        <ThemeToggle />
      </header>
      <main id="main" tabIndex={-1}>
        {view}
      </main>
      <footer class="muted footer">Shortcuts: / filter · a alerts · s silences · n new silence</footer>
    </>
  );
}
