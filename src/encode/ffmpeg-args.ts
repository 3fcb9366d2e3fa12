/**
 * Every ffmpeg command line of the tool, built by pure functions (no I/O), so each can be unit-tested
 * and a swap away from fluent-ffmpeg (deprecated upstream) touches only `ffmpeg.ts`, which runs them.
 */

import { checkX264, x264Args, type X264Preset } from './x264-options.js';

/** One ffmpeg run: one input, one output, each with its own options, in ffmpeg's own order. */
export interface FfmpegCall {
  inputOptions: string[];
  /** A path, or 'pipe:0' for raw bytes on stdin. */
  input: string;
  outputOptions: string[];
  /** A path, or 'pipe:1' for bytes on stdout. */
  output: string;
}

export const STDIN = 'pipe:0';
export const STDOUT = 'pipe:1';

/**
 * The argument vector ffmpeg receives for a call. This is also what fluent-ffmpeg builds from it
 * (inputs, `-y` before a file output, output options, target); a test holds the two equal.
 */
export function ffmpegArgv(call: FfmpegCall): string[] {
  const toFile = call.output !== STDOUT;
  return [
    ...call.inputOptions,
    '-i',
    call.input,
    ...(toFile ? ['-y'] : []),
    ...call.outputOptions,
    call.output,
  ];
}

export interface EncodeSpec {
  width: number;
  height: number;
  fps: number;
  /** Frames per group of pictures: every gop-th frame from the first is a keyframe (default fps). */
  gop?: number;
  /** x264 preset; veryfast keeps up with the GPU core on two cores. */
  preset?: X264Preset;
  /** Constant quantiser (lower = better), when no crf is given. */
  qp?: number;
  /** Constant rate factor instead of the quantiser (see x264-options.ts: parts no longer join exactly). */
  crf?: number;
}

export interface GifSpec {
  width: number;
  height: number;
  fps: number;
  /** Width of the preview in pixels (height follows the aspect, even). */
  previewWidth: number;
  /** Every step-th frame is kept. */
  step: number;
}

/** Raw RGBA frames of one size on stdin. */
function rawRgbaInput(width: number, height: number, fps: number): string[] {
  return [
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgba',
    '-video_size',
    `${width}x${height}`,
    '-framerate',
    String(fps),
  ];
}

/**
 * H.264 MP4 from raw RGBA on stdin. Each GOP is encoded alone: keyframes at fixed intervals only (no
 * scene cuts), no B-frames and a constant quantiser (no rate-control state carried across GOPs). So a
 * shard that starts on a GOP boundary encodes its frames exactly as a single render does, and shards
 * join without re-encoding. yuv420p for players, +faststart for the web.
 */
export function mp4EncodeCall(o: EncodeSpec, path: string): FfmpegCall {
  return {
    inputOptions: rawRgbaInput(o.width, o.height, o.fps),
    input: STDIN,
    outputOptions: [...h264Options(o), '-movflags', '+faststart', '-f', 'mp4'],
    output: path,
  };
}

/** The encoder's own options, one list for a whole encode and for parallel chunks alike. */
function h264Options(o: EncodeSpec): string[] {
  const gop = String(o.gop ?? o.fps);
  return [
    '-c:v', 'libx264', ...x264Args(checkX264({ preset: o.preset, crf: o.crf }), o.qp),
    '-g', gop, '-keyint_min', gop, '-sc_threshold', '0', '-bf', '0', '-pix_fmt', 'yuv420p',
  ]; // prettier-ignore
}

/**
 * One of several parallel encoders of an MP4: raw RGBA on stdin (whole GOPs, not necessarily
 * consecutive ones), the same H.264 options as `mp4EncodeCall`, each GOP written to its own MP4
 * (the segment muxer cuts at every keyframe: a cut time of a microsecond is passed at each one),
 * named `prefix` + a 6-digit count from 0 and starting at time 0 so that the concat demuxer joins
 * them. ffmpeg reads `%` in the name as a pattern, so the prefix's own `%` are doubled. The threads
 * are left to x264 as in a single encode: its frame threads limit the motion search by their
 * count, so another count would change the pictures.
 */
export function mp4SegmentsCall(o: EncodeSpec, prefix: string): FfmpegCall {
  return {
    inputOptions: rawRgbaInput(o.width, o.height, o.fps),
    input: STDIN,
    // -map: the segment muxer names no default codec, so ffmpeg would pick no stream for it.
    outputOptions: [
      '-map', '0:v:0', ...h264Options(o),
      '-f', 'segment', '-segment_format', 'mp4', '-segment_time', '0.000001', '-reset_timestamps', '1',
    ], // prettier-ignore
    output: `${prefix.replaceAll('%', '%%')}%06d`,
  };
}

/** An animated GIF preview: one palette for the whole clip, no dithering noise on the dark background. */
export function gifPreviewCall(o: GifSpec, path: string): FfmpegCall {
  const graph =
    `select='not(mod(n,${o.step}))',setpts=N/(${o.fps}*TB),scale=${o.previewWidth}:-2:flags=lanczos,` +
    'split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=none';
  return {
    inputOptions: rawRgbaInput(o.width, o.height, o.fps),
    input: STDIN,
    outputOptions: ['-filter_complex', graph, '-loop', '0', '-c:v', 'gif', '-f', 'gif'],
    output: path,
  };
}

/**
 * Every picture of a video's first video stream on stdout as raw planar YUV 4:2:0, which is what
 * H.264 stores: no colour conversion, so the bytes are the decoder's own output, and H.264 decoding is
 * bit-exact by the standard (any conforming decoder gives the same planes). `-v error` keeps stderr to
 * real problems.
 */
export function decodeYuvCall(path: string): FfmpegCall {
  return {
    inputOptions: ['-v', 'error'],
    input: path,
    outputOptions: ['-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p'],
    output: STDOUT,
  };
}

/** Bytes of one decoded yuv420p picture: a full-size Y plane and two quarter-size chroma planes. */
export function yuv420FrameBytes(width: number, height: number): number {
  return width * height + 2 * (Math.ceil(width / 2) * Math.ceil(height / 2));
}

/** The concat demuxer, stream copy: the segments' H.264 as it is, one MP4 with +faststart. */
export function concatCall(listFile: string, path: string): FfmpegCall {
  return {
    inputOptions: ['-f', 'concat', '-safe', '0'],
    input: listFile,
    outputOptions: ['-c', 'copy', '-movflags', '+faststart', '-f', 'mp4'],
    output: path,
  };
}

/** The concat demuxer's list file; a quote inside a single-quoted path is written '\''. */
export function concatList(segments: string[]): string {
  return segments.map((s) => `file '${s.replaceAll("'", "'\\''")}'\n`).join('');
}

/** What a live stream's folder holds (--hls): the playlist, the fMP4 init segment, numbered segments. */
export const HLS_PLAYLIST = 'playlist.m3u8';
export const HLS_INIT = 'init.mp4';
export const HLS_SEGMENTS = 'segment-%05d.m4s';

/**
 * A growing HLS stream from raw RGBA on stdin: H.264 GOPs as in mp4EncodeCall (fixed keyframes every
 * `gop` frames, no B-frames), one GOP per fMP4 segment, in an EVENT playlist (segments are only ever
 * added, so a player may start from the first while it grows) that ffmpeg rewrites after each segment
 * and ends with #EXT-X-ENDLIST when its input ends. `zerolatency` (no lookahead, no frame threads)
 * makes x264 hand out each frame as it comes in, so a segment is written once the next GOP's first
 * frame is rendered, not once x264's lookahead has filled: frames of a live log come minutes apart.
 */
export function hlsEncodeCall(o: EncodeSpec, dir: string): FfmpegCall {
  const gop = o.gop ?? o.fps;
  return {
    // No probing of the raw input (ffmpeg would otherwise read 5 MB, many frames, before encoding any).
    inputOptions: ['-probesize', '32', '-analyzeduration', '0', ...rawRgbaInput(o.width, o.height, o.fps)],
    input: STDIN,
    outputOptions: [
      '-c:v', 'libx264', ...x264Args(checkX264({ preset: o.preset, crf: o.crf }), o.qp), '-tune', 'zerolatency',
      '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', '0', '-pix_fmt', 'yuv420p',
      '-f', 'hls', '-hls_time', String(gop / o.fps), '-hls_list_size', '0', '-hls_playlist_type', 'event',
      '-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', HLS_INIT,
      '-hls_segment_filename', `${dir}/${HLS_SEGMENTS}`, '-hls_flags', 'independent_segments',
    ], // prettier-ignore
    output: `${dir}/${HLS_PLAYLIST}`,
  };
}
