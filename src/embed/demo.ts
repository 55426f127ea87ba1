// The embed demo page (embed-demo.html): a picture and a prompt sent to LocalMotion two ways, through the
// <localmotion-generator> element and through a plain iframe speaking the postMessage protocol; every message that
// comes back is logged, and each finished video is shown.
import '../app/app.css';
import './demo.css';
import { i18n, t } from '../app/i18n/i18n.svelte.ts';
import './element.ts';
import type { FrameMessage, GenerateMessage } from './messages.ts';

document.documentElement.lang = i18n.locale;
document.title = t('embed.demo.title');
const root = document.getElementById('demo')!;

/** An element with some properties set and children appended. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Readonly<Record<string, unknown>> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node: HTMLElement = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node as HTMLElementTagNameMap[K];
}

const imageInput = el('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp', id: 'demo-image' });
const promptInput = el('input', { type: 'text', id: 'demo-prompt', value: 'a ball rolling slowly to the right' });
const log = el('ol', { className: 'log' });
log.setAttribute('aria-label', t('embed.demo.log'));
const problem = el('p', { className: 'problem' });
problem.setAttribute('role', 'alert');

function record(via: string, m: FrameMessage): void {
  const parts: string[] = [via, m.type, `id=${'id' in m ? String(m.id) : '-'}`];
  if (m.type === 'localmotion:progress') parts.push(`${m.stage} ${m.done}/${m.total}`);
  if (m.type === 'localmotion:result') parts.push(`${m.mimeType} ${m.video.size} bytes ${m.width}×${m.height} ${m.frameCount} frames seed ${m.seed}`);
  if (m.type === 'localmotion:error') parts.push(`${m.code}: ${m.message}`);
  log.append(el('li', {}, parts.join(' ')));
  if (m.type === 'localmotion:result') show(via, m.video);
}

function show(via: string, video: Blob): void {
  const player = el('video', { src: URL.createObjectURL(video), controls: true, loop: true, muted: true, autoplay: true });
  player.setAttribute('aria-label', t('embed.demo.result', { via }));
  results.replaceChildren(player);
}
const results = el('div', { className: 'results' });

/** The chosen picture, or undefined (and a message) when there is none. */
function picture(): File | undefined {
  const file = imageInput.files?.[0];
  problem.textContent = file ? '' : t('embed.demo.needImage');
  return file;
}

// 1. The custom element: attributes become the frame's defaults; generate() resolves with the result.
const element = document.createElement('localmotion-generator');
element.setAttribute('src', `${location.origin}/`);
element.setAttribute('preset', 'quick');
element.setAttribute('title', t('embed.demo.frameTitle'));
for (const type of ['localmotion-ready', 'localmotion-progress', 'localmotion-result', 'localmotion-error']) {
  element.addEventListener(type, (e) => record('element', (e as CustomEvent<FrameMessage>).detail));
}
const viaElement = el('button', { type: 'button' }, t('embed.demo.element'));
viaElement.addEventListener('click', () => {
  const file = picture();
  // Failures arrive as localmotion-error events too (logged above).
  if (file) element.generate(file, promptInput.value).catch(() => {});
});

// 2. A plain iframe: the same app, driven with postMessage by hand.
const frame = el('iframe', { id: 'demo-frame', title: t('embed.demo.frameTitle'), allow: 'cross-origin-isolated' });
addEventListener('message', (event: MessageEvent) => {
  if (event.source !== frame.contentWindow || event.origin !== location.origin) return;
  const data = event.data as FrameMessage;
  if (typeof data?.type === 'string' && data.type.startsWith('localmotion:')) record('iframe', data);
});
frame.src = `/?embed=1&host=${encodeURIComponent(location.origin)}&preset=quick`;
let requests = 0;
const viaFrame = el('button', { type: 'button' }, t('embed.demo.iframe'));
viaFrame.addEventListener('click', () => {
  const file = picture();
  if (!file) return;
  const message: GenerateMessage = { type: 'localmotion:generate', id: `demo-${++requests}`, image: file, prompt: promptInput.value, settings: { preset: 'quick' } };
  frame.contentWindow?.postMessage(message, location.origin);
});

root.append(
  el('h1', {}, t('embed.demo.title')),
  el('p', {}, t('embed.demo.intro')),
  el('label', { htmlFor: 'demo-image' }, t('embed.demo.image')),
  imageInput,
  el('label', { htmlFor: 'demo-prompt' }, t('embed.demo.prompt')),
  promptInput,
  problem,
  el('div', { className: 'actions' }, viaElement, viaFrame),
  el('div', { className: 'frames' }, el('section', {}, el('h2', {}, t('embed.demo.elementTitle')), element), el('section', {}, el('h2', {}, t('embed.demo.iframeTitle')), frame)),
  el('h2', {}, t('embed.demo.log')),
  log,
  results,
);
