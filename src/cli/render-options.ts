import type { Options } from 'yargs';
import { wholeNumber } from './whole-number.js';
import { DEFAULT_QP, DEFAULT_X264_PRESET, X264_PRESETS } from '../encode/x264-options.js';
import { CORES_PER_ENCODER, parseMp4Encoders } from '../encode/mp4-encoders.js';

/** One definition per option: its type, default, validation and help, Remotion-style. */

const PRESETS: Record<string, [number, number]> = {
  '720p': [1280, 720],
  '1080p': [1920, 1080],
  '4k': [3840, 2160],
};

export function parseSize(v: unknown): [number, number] {
  const m = /^(\d+)x(\d+)$/.exec(String(v));
  const w = m ? Number(m[1]) : NaN;
  const h = m ? Number(m[2]) : NaN;
  if (!m || w < 64 || h < 64 || w > 7680 || h > 4320 || w % 2 || h % 2) {
    throw new Error(
      `--size must be WIDTHxHEIGHT, even numbers from 64x64 to 7680x4320 (e.g. 1920x1080), got "${String(v)}"`,
    );
  }
  return [w, h];
}

export function parseFrameRange(v: unknown): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(String(v)) ?? /^(\d+)$/.exec(String(v));
  const a = m ? Number(m[1]) : NaN;
  const b = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || a > b)
    throw new Error(`--frames must be A-B with A <= B (e.g. 100-199) or one frame N, got "${String(v)}"`);
  return [a, b];
}

export function parseShard(v: unknown): [number, number] {
  const m = /^(\d+)\/(\d+)$/.exec(String(v));
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k >= n)
    throw new Error(`--shard must be K/N with 0 <= K < N (e.g. 0/4), got "${String(v)}"`);
  return [k, n];
}

export const renderOptions = {
  preset: {
    type: 'string',
    choices: Object.keys(PRESETS),
    describe: 'Frame size by name (default 1080p); --size overrides it',
  },
  size: { type: 'string', describe: 'Frame size as WIDTHxHEIGHT, e.g. 1280x720', coerce: parseSize },
  fps: {
    type: 'number',
    default: 30,
    describe: 'Frames per second of the video',
    coerce: wholeNumber('fps', 1, 240),
  },
  travel: {
    type: 'number',
    default: 12,
    describe: 'Frames a bubble flies from its country to its port',
    coerce: wholeNumber('travel', 1, 600),
  },
  decay: {
    type: 'number',
    default: 24,
    describe: 'Frames a port keeps glowing after a hit',
    coerce: wholeNumber('decay', 1, 600),
  },
  frames: {
    type: 'string',
    describe: 'Render only frames A-B (absolute frame indices, inclusive)',
    coerce: parseFrameRange,
  },
  shard: {
    type: 'string',
    describe:
      'Render only shard K of N (0-based): contiguous, balanced ranges of whole GOPs; join with gen-frames concat',
    coerce: parseShard,
  },
  view: {
    type: 'string',
    choices: ['ports', 'hosts'],
    default: 'ports',
    describe: 'ports: countries → UDP (left) and TCP (right) ports; hosts: countries → destination hosts',
  },
  theme: { type: 'string', choices: ['dark', 'light'], default: 'dark', describe: 'Colour theme' },
  transparent: {
    type: 'boolean',
    default: false,
    describe: 'PNG frames with an alpha channel and no background (for compositing)',
  },
  title: { type: 'string', describe: 'Title at the top left (default: portglow · the input file)' },
  callouts: {
    type: 'boolean',
    default: true,
    describe: 'Label detected scans and floods while they last (--no-callouts turns them off)',
  },
  preview: {
    type: 'string',
    describe: 'Also write an animated GIF preview to this file (640 px wide, every 2nd frame)',
    coerce: (v: unknown) => {
      if (!String(v).endsWith('.gif')) throw new Error(`--preview must name a .gif file, got "${String(v)}"`);
      return String(v);
    },
  },
  out: { type: 'string', default: 'out', describe: 'Output folder (frames, video.mp4, manifest.json)' },
  format: {
    type: 'string',
    choices: ['png', 'mp4', 'both'],
    default: 'both',
    describe: 'PNG frames, an H.264 MP4, or both from one render',
  },
  'x264-preset': {
    type: 'string',
    choices: X264_PRESETS,
    describe: `x264 speed/size trade-off of the MP4 (default ${DEFAULT_X264_PRESET})`,
  },
  crf: {
    type: 'number',
    describe: `MP4 quality as x264 constant rate factor 0-51 (default: constant quantiser ${DEFAULT_QP}); not with --shard`,
    coerce: wholeNumber('crf', 0, 51),
  },
  'mp4-encoders': {
    type: 'string',
    default: 'auto',
    describe:
      'ffmpeg processes encoding the MP4 in GOP-aligned chunks, joined without re-encoding (same pictures); ' +
      `auto: 1 below ${2 * CORES_PER_ENCODER} cores, else one per ${CORES_PER_ENCODER} cores; not above 1 with --crf`,
    coerce: parseMp4Encoders,
  },
  // Not `--host`: that name is the input filter on destination hosts (input-options.ts).
  'gpu-host': {
    type: 'string',
    choices: ['chromium', 'node'],
    default: 'chromium',
    describe:
      'Where the GPU core runs: headless Chromium, or Node through Dawn (the optional `webgpu` package; no browser)',
  },
  'cpu-first': {
    type: 'boolean',
    default: true,
    describe:
      'Draw the first frame on the CPU (the same bytes as the GPU) before the GPU host is needed, so it is on ' +
      'disk sooner (Chromium is launched once it is drawn; Dawn starts meanwhile); --no-cpu-first draws every ' +
      'frame on the GPU',
  },
  chromium: {
    type: 'string',
    describe: 'Chromium binary (default: $PORTGLOW_CHROMIUM or /usr/bin/chromium)',
  },
  progress: { type: 'boolean', describe: 'Progress bar (default: when stderr is a terminal)' },
} satisfies Record<string, Options>;

export function frameSize(argv: { preset?: string; size?: [number, number] }): [number, number] {
  return argv.size ?? PRESETS[argv.preset ?? '1080p'];
}
