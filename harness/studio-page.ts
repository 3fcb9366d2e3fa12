/**
 * The studio page: shows any frame of the render, drawn by the same GPU core in this page's WebGPU
 * (or, without WebGPU, by the server), with a scrubber over the whole span, play/pause, frame keys,
 * the detected events, and the picture's options, editable, with the command line that renders
 * what is on screen. The frame shown carries data-frame, data-sha256 (of its RGBA bytes, as the
 * render's manifest records them) and data-ms (seek to shown) for tests and the curious.
 */
import { decodeScene } from '../src/scene/scene-data.js';
import { FrameRenderer } from '../src/gpu/frame-renderer.js';
import { describeAdapter, openDevice } from '../src/host/gpu-device.js';
import type { StudioInfo } from './studio-types.js';
import { wholeFrame } from './studio-frame.js';
import { EDITABLE, editWords, type Edits } from './studio-words.js';
import { liveButton } from './studio-live.js';

const query = new URLSearchParams(location.search);
const token = query.get('token') ?? '';
const headers = { 'x-portglow-token': token };

async function get(path: string): Promise<Response> {
  const res = await fetch(path, { headers });
  if (!res.ok) throw new Error(res.status === 400 ? await res.text() : `${path.split('?')[0]}: HTTP ${res.status} ${await res.text()}`);
  return res;
} // prettier-ignore

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...kids: Node[]) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...kids);
  return e;
} // prettier-ignore

const picture = el('canvas', { id: 'picture' });
const scrubber = el('canvas', { id: 'scrubber' });
const play = el('button', { id: 'play', textContent: '▶ play' });
const frameLabel = el('span', { id: 'frame' });
const live = el('button', { id: 'live', hidden: true });
const hoverLabel = el('span', { id: 'hover', className: 'muted' });
const notice = el('div', { id: 'notice' });
const events = el('ul', { id: 'events' });
const fields = el('form', { id: 'options' });
const apply = el('button', { id: 'apply', type: 'submit', textContent: 'apply' });
const command = el('pre', { id: 'command' });
const config = el('pre', { id: 'config' });
const captions = el('ul', { id: 'captions' });
document.body.append(
  el('div', { id: 'app' },
    el('div', { id: 'stage' }, notice, picture, scrubber, el('div', { id: 'controls' }, play, live, frameLabel, hoverLabel)),
    el('div', { id: 'side' },
      el('h2', { textContent: 'Picture' }), fields,
      el('h2', { textContent: 'Renders what is on screen' }), command,
      el('details', {}, el('summary', { textContent: 'as a config file (gen-frames --config FILE)' }), config),
      el('h2', { textContent: 'Events' }), events,
      el('h2', { id: 'captions-title', textContent: 'Captions' }), captions)),
); // prettier-ignore

/** Renders frame n whole and returns its RGBA bytes. */
type FrameSource = (n: number) => Promise<Uint8Array<ArrayBuffer>>;
/** A picture the page can show: its info and where its frames come from. */
interface Shown {
  info: StudioInfo;
  source: FrameSource;
}

const hex = (b: ArrayBuffer) => [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, '0')).join('');
const wq = (words: string[] | undefined) => (words ? `&w=${encodeURIComponent(JSON.stringify(words))}` : '');

async function openGpu(): Promise<GPUDevice | string> {
  if (query.get('gpu') === 'server') return 'the address asks for frames rendered by the server (gpu=server)';
  if (!('gpu' in navigator)) return 'this browser has no WebGPU (navigator.gpu is missing)';
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) return 'this browser has WebGPU but no adapter (requestAdapter() returned null)';
  picture.dataset.adapter = describeAdapter(adapter);
  return openDevice(adapter, {
    onLost: (why) => (notice.textContent = `WebGPU: ${why}; reload the page`),
    onError: (m) => (notice.textContent = m),
  });
}

/** The picture the words describe (undefined: the one the studio started with). */
async function load(device: GPUDevice | undefined, words?: string[]): Promise<Shown> {
  const info = (await (await get(`/info?${wq(words)}`)).json()) as StudioInfo;
  if (!device) {
    return { info, source: async (n) => new Uint8Array(await (await get(`/frame?n=${n}${wq(words)}`)).arrayBuffer()) };
  }
  const scene = decodeScene(new Uint8Array(await (await get(`/scene?${wq(words)}`)).arrayBuffer()));
  const renderer = await FrameRenderer.create(device, scene, 1);
  // hasPrev false: every tile, so frame n is whole and equal to the first frame of `--frames n-n`.
  return { info, source: async (n) => wholeFrame(await renderer.render(n, false), info.width, info.height) };
} // prettier-ignore

async function main(): Promise<void> {
  const gpu = await openGpu().catch((e: Error) => `WebGPU failed: ${e.message}`);
  const device = typeof gpu === 'string' ? undefined : gpu;
  picture.dataset.mode = device ? 'webgpu' : 'server';
  if (typeof gpu === 'string')
    notice.textContent = `${gpu}: frames are rendered by the server instead (slower).`;
  let cur = await load(device);
  let last = cur.info.frames - 1;
  const timeOf = (n: number) =>
    new Date((cur.info.start + n * cur.info.binSeconds) * 1000).toISOString().replace('.000Z', 'Z');
  const ctx = picture.getContext('2d')!;

  let shown = -1;
  let want = 0;
  let busy = false;
  let playing: number | undefined;
  /** Bumped when the picture changes: the frame on screen must be drawn again. */
  let generation = 0;
  let drawnGeneration = -1;
  const clamp = (n: number) => Math.max(0, Math.min(last, Math.round(n)));

  /** Shows frame n; seeks while a frame renders coalesce into the latest. */
  const seek = (n: number) => {
    want = clamp(n);
    if (!busy) void pump();
  };
  const pump = async () => {
    busy = true;
    try {
      while (want !== shown || drawnGeneration !== generation) {
        const [n, g, { info, source }] = [want, generation, cur];
        const t0 = performance.now();
        const rgba = await source(n);
        if (g !== generation) continue; // the picture changed meanwhile
        const sha = hex(await crypto.subtle.digest('SHA-256', rgba));
        picture.width = info.width;
        picture.height = info.height;
        ctx.putImageData(new ImageData(new Uint8ClampedArray(rgba.buffer), info.width, info.height), 0, 0);
        [shown, drawnGeneration] = [n, g];
        Object.assign(picture.dataset, { frame: String(n), sha256: sha, ms: (performance.now() - t0).toFixed(1) });
        frameLabel.textContent = `frame ${n} / ${last} · ${timeOf(n)}`;
        history.replaceState(null, '', `?token=${encodeURIComponent(token)}&frame=${n}`);
        drawScrubber();
        markEvent();
      }
    } catch (e) {
      notice.textContent = `frame ${want}: ${(e as Error).message}`;
      [want, drawnGeneration] = [shown, generation];
    } finally {
      busy = false;
    }
  }; // prettier-ignore

  // The scrubber: packets per bin (the most of the bins under each column), events as ticks, the cursor.
  const frameAtX = (x: number) => clamp((x / scrubber.clientWidth) * cur.info.frames - 0.5);
  const drawScrubber = () => {
    const { info } = cur;
    const w = (scrubber.width = Math.max(1, scrubber.clientWidth));
    const h = (scrubber.height = Math.max(1, scrubber.clientHeight));
    const s = scrubber.getContext('2d')!;
    const top = new Array<number>(w).fill(0);
    info.packets.forEach((p, b) => {
      const x = Math.min(w - 1, Math.floor((b * w) / info.frames));
      top[x] = Math.max(top[x], p);
    });
    const peak = Math.sqrt(Math.max(1, ...top));
    s.fillStyle = '#4fa3ff';
    top.forEach((p, x) => {
      const bar = Math.round((Math.sqrt(p) / peak) * (h - 8));
      s.fillRect(x, h - bar, 1, bar);
    });
    s.fillStyle = '#ffb454';
    for (const e of info.events) s.fillRect(Math.floor((e.frame * w) / info.frames), 0, 1, 5);
    s.fillStyle = '#ffffff';
    s.fillRect(Math.floor(((Math.max(shown, 0) + 0.5) * w) / info.frames), 0, 2, h);
  };
  // Pointer events: a mouse, a pen or a finger; dragging with the button down seeks as it goes.
  scrubber.addEventListener('pointermove', (e) => {
    const n = frameAtX(e.offsetX);
    hoverLabel.textContent = `under the cursor: frame ${n} · ${timeOf(n)} · ${cur.info.packets[n]} packets`;
    hoverLabel.dataset.frame = String(n);
    if (e.buttons & 1) seek(n);
  });
  scrubber.addEventListener('pointerdown', (e) => seek(frameAtX(e.offsetX)));
  scrubber.addEventListener('pointerleave', () => {
    hoverLabel.textContent = '';
    delete hoverLabel.dataset.frame;
  });

  // Play at the video's fps; a frame that takes longer than 1/fps holds the next one back.
  const setPlaying = (on: boolean) => {
    if (playing !== undefined) clearInterval(playing);
    playing = on ? window.setInterval(() => {
      if (busy) return;
      if (shown >= last) return setPlaying(false);
      seek(shown + 1);
    }, 1000 / cur.info.fps) : undefined; // prettier-ignore
    play.textContent = on ? '❚❚ pause' : '▶ play';
    play.dataset.playing = String(on);
  };
  play.addEventListener('click', () => setPlaying(playing === undefined));
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement) return;
    const step = e.shiftKey ? cur.info.fps : 1;
    if (e.key === 'ArrowRight') seek(want + step);
    else if (e.key === 'ArrowLeft') seek(want - step);
    else if (e.key === 'Home') seek(0);
    else if (e.key === 'End') seek(last);
    else if (e.key === ' ') setPlaying(playing === undefined);
    else return;
    e.preventDefault();
  });

  // The events, in time order; a click shows the frame where one starts.
  let items: HTMLButtonElement[] = [];
  const listEvents = () => {
    events.replaceChildren();
    items = cur.info.events.map((ev) => {
      const what = `${ev.pace} ${ev.kind} from ${ev.src} (${ev.country}), ${ev.distinctPorts} ${ev.proto} ports, ${ev.packets} packets`;
      const b = el('button', { textContent: `${ev.start} · ${what}` });
      b.dataset.frame = String(ev.frame);
      b.addEventListener('click', () => seek(ev.frame));
      events.append(el('li', {}, b));
      return b;
    }); // prettier-ignore
    if (!items.length) events.append(el('li', { className: 'muted', textContent: 'no events detected' }));
    // The captions the picture shows (--captions, an input's alert signatures); a click shows the first frame.
    captions.replaceChildren();
    for (const c of cur.info.captions ?? []) {
      const b = el('button', { textContent: `${timeOf(c.frame)} · ${c.text}` });
      b.dataset.frame = String(c.frame);
      b.addEventListener('click', () => seek(c.frame));
      captions.append(el('li', {}, b));
      items.push(b);
    }
    document.getElementById('captions-title')!.hidden = !cur.info.captions?.length;
  };
  const markEvent = () => {
    for (const b of items) b.classList.toggle('here', Number(b.dataset.frame) === shown);
  };

  // The picture's options: edited here, parsed and built by the server exactly as a render would.
  // A flag with choices is a list whose first entry, the default, leaves the flag out of the words.
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  for (const k of EDITABLE) {
    const list = cur.info.choices?.[k];
    const input = list ? document.createElement('select') : document.createElement('input');
    if (input instanceof HTMLSelectElement && list) {
      input.append(el('option', { value: '', textContent: `${list.default ?? 'none'} (default)` }));
      for (const c of list.choices)
        if (c !== list.default) input.append(el('option', { value: c, textContent: c }));
    } else if (input instanceof HTMLInputElement) input.type = k === 'callouts' ? 'checkbox' : 'text';
    input.name = k;
    inputs.set(k, input);
    const label = document.createElement('label');
    label.append(el('span', { textContent: `--${k}` }), input);
    fields.append(label);
  }
  fields.append(apply);
  const showOptions = () => {
    for (const [k, input] of inputs) {
      const v = cur.info.edits?.[k];
      if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v !== false;
      else input.value = typeof v === 'string' && v !== cur.info.choices?.[k]?.default ? v : '';
    }
    command.textContent = cur.info.command ?? '';
    config.textContent = cur.info.config ?? '';
  };
  fields.addEventListener('submit', (e) => {
    e.preventDefault();
    const edits: Edits = {};
    for (const [k, input] of inputs) (edits as Record<string, string | boolean>)[k] = input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value.trim();
    apply.disabled = true;
    document.body.dataset.applying = 'true';
    void (async () => {
      try {
        const next = await load(device, editWords(cur.info.words ?? [], edits));
        cur = next;
        last = cur.info.frames - 1;
        generation++;
        notice.textContent = device ? '' : notice.textContent;
        listEvents();
        showOptions();
        seek(Math.min(want, last));
      } catch (err) {
        notice.textContent = (err as Error).message;
      } finally {
        apply.disabled = false;
        document.body.dataset.applying = 'false';
      }
    })();
  }); // prettier-ignore

  // studio --follow: the live button shows the newest closed frame, loading the picture again as the input grows.
  live.hidden = !cur.info.live;
  const seen = (i: StudioInfo) => JSON.stringify([i.frames, i.closed, i.packets]);
  liveButton(live, async () => {
    const info = (await (await get(`/info?${wq(cur.info.words)}`)).json()) as StudioInfo;
    if (seen(info) !== seen(cur.info)) {
      cur = await load(device, cur.info.words);
      last = cur.info.frames - 1;
      generation++;
      listEvents();
    }
    seek(Math.max(0, cur.info.closed ?? last));
  });

  listEvents();
  showOptions();
  window.addEventListener('resize', drawScrubber);
  const t = query.get('t');
  const start = query.has('frame')
    ? Number(query.get('frame'))
    : t
      ? Math.floor((Date.parse(t) / 1000 - cur.info.start) / cur.info.binSeconds)
      : 0;
  seek(Number.isFinite(start) ? start : 0);
  document.body.dataset.ready = 'true';
}

main().catch((e: Error) => {
  notice.textContent = `The studio could not start: ${e.message}`;
  document.body.dataset.ready = 'error';
});
