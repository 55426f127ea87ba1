// Entry point of the page: mounts the Svelte app (src/app/App.svelte) into index.html's #app, or its embed mode
// (src/embed/EmbedApp.svelte) at /?embed=1 and whenever another page frames it.
import { mount } from 'svelte';
import App from './app/App.svelte';
import EmbedApp from './embed/EmbedApp.svelte';
import './app/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

// Any site may frame the app (frame-ancestors *, for embedding), so a framed app always shows the compact embed UI:
// a framing page cannot overlay the full app's Delete buttons to trick a visitor into clicking them.
const embedded = new URLSearchParams(location.search).get('embed') === '1' || window.top !== window.self;

export default embedded ? mount(EmbedApp, { target }) : mount(App, { target });
