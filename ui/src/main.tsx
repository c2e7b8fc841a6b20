import { render } from 'preact';
import { App } from './app.tsx';

const stored = localStorage.getItem('tocsin.theme');
if (stored === 'light' || stored === 'dark') document.documentElement.dataset.theme = stored;
render(<App />, document.getElementById('app') as HTMLElement);
