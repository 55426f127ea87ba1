// Entry point of the page: mounts the Svelte app (src/app/App.svelte) into index.html's #app.
import { mount } from 'svelte';
import App from './app/App.svelte';
import './app/app.css';

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

export default mount(App, { target });
