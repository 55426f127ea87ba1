// <localmotion-generator>: LocalMotion in any page (built as localmotion-element.js). It frames the app in embed mode
// (/?embed=1&host=<this page's origin>&… from its attributes), re-dispatches the frame's messages as DOM events
// (localmotion-ready, -progress, -result, -error), and has generate(image, prompt, settings?) → Promise of the
// result. A frame that never says it is ready (a wrong src, a site that refuses to be framed) fails generate() with
// code 'frame-unavailable' after `ready-timeout` seconds (default 60) instead of leaving it waiting for ever.
// Stand-alone on purpose: it imports only types, so the file works copied to another site.
import type { GenerateSettings } from '../app/settings.ts';
import type { FrameMessage, GenerateMessage } from './messages.ts';

type Result = Extract<FrameMessage, { type: 'localmotion:result' }>;
type Failure = Extract<FrameMessage, { type: 'localmotion:error' }>;

/** Attributes passed on to the frame's URL as its defaults (see src/embed/params.ts). */
const DEFAULT_ATTRIBUTES = ['prompt', 'negative', 'preset', 'resolution', 'aspect', 'frames', 'fps', 'steps', 'guidance', 'sampler', 'seed', 'loop', 'lang'];

/** The app's address when the element has no `src`: where this script was loaded from. */
const SCRIPT_ORIGIN = new URL(import.meta.url).origin;

/** How long generate() waits for the frame's ready message when the element has no `ready-timeout`, seconds. */
const READY_TIMEOUT_S = 60;

/** A failed request: `code` is the frame's (bad-request, no-model, cancelled, out-of-memory, …), or the element's
 *  own frame-unavailable (the frame did not become ready in time) and cancelled (element removed, frame reloaded). */
export class LocalMotionError extends Error {
  override readonly name = 'LocalMotionError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const sheet = (): CSSStyleSheet => {
  const s = new CSSStyleSheet();
  s.replaceSync(':host { display: block; } iframe { display: block; width: 100%; height: 100%; min-height: 32rem; border: 0; }');
  return s;
};

export class LocalMotionGenerator extends HTMLElement {
  static readonly observedAttributes = ['src', 'title', ...DEFAULT_ATTRIBUTES];

  private frame: HTMLIFrameElement | undefined;
  private appOrigin = '';
  private ready = false;
  private readonly waiting = new Set<{ resolve: () => void; reject: (e: LocalMotionError) => void }>();
  private readonly pending = new Map<string, { resolve: (r: Result) => void; reject: (e: LocalMotionError) => void }>();
  private readonly onMessage = (event: MessageEvent) => this.receive(event);

  connectedCallback(): void {
    addEventListener('message', this.onMessage);
    if (!this.frame) this.load();
  }

  disconnectedCallback(): void {
    removeEventListener('message', this.onMessage);
    this.failAll('cancelled', 'the <localmotion-generator> element was removed from the page', true);
  }

  attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (old === value || !this.frame) return;
    if (name === 'title') this.frame.title = value ?? 'LocalMotion';
    else this.load();
  }

  /** The frame's address: the app (`src`, default the script's origin) in embed mode with this page as host. */
  get frameUrl(): string {
    const url = new URL(this.getAttribute('src') ?? `${SCRIPT_ORIGIN}/`, location.href);
    url.search = '';
    url.hash = '';
    url.searchParams.set('embed', '1');
    url.searchParams.set('host', location.origin);
    for (const name of DEFAULT_ATTRIBUTES) {
      const value = this.getAttribute(name);
      if (value !== null) url.searchParams.set(name, value);
    }
    return url.href;
  }

  /** Makes a video in the frame; resolves with the frame's result message (video Blob, seed, settings, size). */
  async generate(image: Blob, prompt: string, settings?: Partial<GenerateSettings>): Promise<Result> {
    if (!(image instanceof Blob)) throw new TypeError('generate: image must be a Blob or File');
    await this.whenReady();
    const id = crypto.randomUUID();
    const message: GenerateMessage = { type: 'localmotion:generate', id, image, prompt, ...(settings ? { settings } : {}) };
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.frame?.contentWindow?.postMessage(message, this.appOrigin);
    });
  }

  /** Cancels every request this element has running or waiting. */
  cancel(): void {
    for (const id of this.pending.keys()) this.frame?.contentWindow?.postMessage({ type: 'localmotion:cancel', id }, this.appOrigin);
  }

  private load(): void {
    const url = this.frameUrl;
    this.appOrigin = new URL(url).origin;
    this.ready = false;
    this.failAll('cancelled', 'the frame was reloaded');
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets.length === 0) root.adoptedStyleSheets = [sheet()];
    this.frame?.remove();
    const frame = document.createElement('iframe');
    // Threads in the frame when this page is cross-origin isolated. (WebGPU needs no delegation: Chromium has no
    // 'webgpu' permissions-policy feature and warns "Unrecognized feature" for one.)
    frame.allow = 'cross-origin-isolated';
    frame.title = this.getAttribute('title') ?? 'LocalMotion';
    frame.src = url;
    this.frame = frame;
    root.append(frame);
  }

  private whenReady(): Promise<void> {
    if (this.ready) return Promise.resolve();
    const attribute = Number(this.getAttribute('ready-timeout'));
    const seconds = attribute > 0 ? attribute : READY_TIMEOUT_S;
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => (clearTimeout(timer), resolve()),
        reject: (e: LocalMotionError) => (clearTimeout(timer), reject(e)),
      };
      const timer = setTimeout(() => {
        this.waiting.delete(waiter);
        reject(new LocalMotionError('frame-unavailable', `the LocalMotion frame at ${this.appOrigin} did not get ready within ${seconds} s: check the element's src, and that the site lets this page frame it`));
      }, seconds * 1000);
      this.waiting.add(waiter);
    });
  }

  private receive(event: MessageEvent): void {
    // Only this element's frame, at the app's origin, speaks the protocol.
    if (!this.frame || event.source !== this.frame.contentWindow || event.origin !== this.appOrigin) return;
    const data = event.data as FrameMessage | null;
    if (typeof data !== 'object' || data === null || typeof data.type !== 'string' || !data.type.startsWith('localmotion:')) return;
    if (data.type === 'localmotion:ready') {
      this.ready = true;
      for (const waiter of this.waiting) waiter.resolve();
      this.waiting.clear();
    } else if (data.type === 'localmotion:result' && data.id !== null) {
      this.pending.get(String(data.id))?.resolve(data);
      this.pending.delete(String(data.id));
    } else if (data.type === 'localmotion:error' && data.id !== null) {
      this.pending.get(String(data.id))?.reject(toError(data));
      this.pending.delete(String(data.id));
    }
    this.dispatchEvent(new CustomEvent(data.type.replace(':', '-'), { detail: data, bubbles: true, composed: true }));
  }

  /** Fails the requests sent to the frame, and with `andWaiting` those still waiting for it to get ready (a
   *  reloaded frame takes those over when it is ready). */
  private failAll(code: string, message: string, andWaiting = false): void {
    for (const { reject } of [...this.pending.values(), ...(andWaiting ? this.waiting : [])]) reject(new LocalMotionError(code, message));
    this.pending.clear();
    if (andWaiting) this.waiting.clear();
  }
}

const toError = (m: Failure) => new LocalMotionError(m.code, m.message);

if (!customElements.get('localmotion-generator')) customElements.define('localmotion-generator', LocalMotionGenerator);

declare global {
  interface HTMLElementTagNameMap {
    'localmotion-generator': LocalMotionGenerator;
  }
}
