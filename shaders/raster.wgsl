// raster.wgsl — one invocation per row of a dirty tile: the base layer plus the sum of
// every object binned to the tile, tone-mapped and packed to RGBA8.
// Bindings (numbers in BINDINGS.raster, src/gpu/abi.ts): P params (uniform), tileMeta (dirty tile ids
// from META_TILES), objects, bins (counts | offsets), list, outPixels (one packed pixel per u32; tile
// d's TILE_PIXELS pixels at [d·TILE_PIXELS, (d+1)·TILE_PIXELS)), atlas (the font's signed distance
// field, a 2×2 block of texels per u32: src/gpu/quad-atlas.ts), baseLayer (per pixel: r | g << 16, b: the light of everything that never
// changes, 16 bits a channel, saturated).
// Light adds up: each object's term is an integer computed alone, so the sum does not depend on the
// order of the list. Then, on the tone-mapped picture, the objects drawn over the light (text and
// the plates of glowing labels) are blended by layer, then object id: an "over" depends on order, so
// order:main has sorted them so in the list (which bin:fill wrote in thread-timed order).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> tileMeta: array<u32>;
@group(0) @binding(2) var<storage, read> objects: array<Obj>;
@group(0) @binding(3) var<storage, read> bins: array<u32>;
@group(0) @binding(4) var<storage, read> list: array<u32>;
@group(0) @binding(5) var<storage, read_write> outPixels: array<u32>;
@group(0) @binding(6) var<storage, read> atlas: array<u32>;
@group(0) @binding(7) var<storage, read_write> baseLayer: array<u32>;

fn rgb(c: i32) -> vec3<i32> {
  return vec3<i32>(c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
}

// Coverage of the pixel centre by a disc, 0..256, anti-aliased over about one pixel:
// the signed distance to the edge is approximated by (r² - d²) / 2r, in 1/16 px. Only the pixels on
// the edge divide (a division costs SwiftShader one scalar instruction a lane): wherever
// 8(r² - d²) / r is at least 128 or at most -128 the clamp gives 256 or 0 anyway.
fn discCover(d2: i32, r: i32) -> i32 {
  let rr = max(r, 1);
  let n = 8 * ((r * r) - d2);
  if (n >= 128 * rr) { return 256; }
  if (n <= -128 * rr) { return 0; }
  return clamp(128 + n / rr, 0, 256);
}

// The 2×2 texels from (x, y) on, a byte each (src/gpu/quad-atlas.ts: positions from (-1, -1), rows of
// atlasWidth + 1 words).
fn texelQuad(x: i32, y: i32) -> u32 {
  return atlas[u32(y + 1) * (P.atlasWidth + 1u) + u32(x + 1)];
}

// A glyph on one pixel row: its scale s (256 = one texel a pixel) and the distance field's sample
// row, texel j and fraction fy in 1/16 (pixel centre cy in 1/16 px).
struct GlyphRow { s: i32, j: i32, fy: i32 }

fn glyphRow(o: Obj, cy: i32) -> GlyphRow {
  let s = max(o.b.x, 1);
  let v = ((cy - o.a.z) * 256) / s - 8;
  return GlyphRow(s, v >> 4, v & 15);
}

// Coverage of a pixel centre by a glyph before clamping to 0..256 (256 per pixel inside the edge), at
// sample column u (1/16 texel) of row g: the distance field sampled bilinearly, turned into pixels at
// this size, ±half a pixel of anti-aliasing. Far below 0 outside the glyph's rectangle.
fn glyphRaw(o: Obj, g: GlyphRow, u: i32) -> i32 {
  let w = o.b.w & 0xffff;
  let h = o.b.w >> 16;
  let i = u >> 4;
  let j = g.j;
  if (i < -1 || j < -1 || i >= w || j >= h) { return -(1 << 20); }
  let fx = u & 15;
  let fy = g.fy;
  let ax = o.a.w & 0xffff;
  let ay = o.a.w >> 16;
  // Texels outside the glyph's own rectangle count as 0 (they belong to its neighbours in the atlas).
  let q = texelQuad(ax + i, ay + j);
  var t = vec4<i32>(i32(q & 0xffu), i32((q >> 8u) & 0xffu), i32((q >> 16u) & 0xffu), i32(q >> 24u));
  if (i < 0 || j < 0) { t.x = 0; }
  if (i + 1 >= w || j < 0) { t.y = 0; }
  if (i < 0 || j + 1 >= h) { t.z = 0; }
  if (i + 1 >= w || j + 1 >= h) { t.w = 0; }
  let d = (t.x * (16 - fx) + t.y * fx) * (16 - fy) + (t.z * (16 - fx) + t.w * fx) * fy;
  return 128 + ((d - 32768) * i32(P.spread) * g.s) / (127 * 256);
}

// Everything in 1/256 of a colour step.
fn glyphTerm(o: Obj, raw: i32) -> vec3<i32> {
  let light = (rgb(o.b.y) * (clamp(raw, 0, 256) * o.b.z)) >> vec3<u32>(8u);
  if (o.a.x == KIND_GLYPH_SUB) { return -light; }
  return light;
}

// The tile columns [x, y] (0..TILE-1) a glyph can touch on row g, tile origin x0; empty (x > y)
// when the row misses its rectangle. A superset of the pixels whose sample column i is in -1..w-1
// (elsewhere glyphRaw is far below 0 and changes nothing), so skipping the rest changes no byte.
fn glyphColumns(o: Obj, g: GlyphRow, x0: i32) -> vec2<i32> {
  if (g.j < -1 || g.j >= (o.b.w >> 16)) { return vec2<i32>(1, 0); }
  let w = o.b.w & 0xffff;
  let lo = (o.a.y >> 4) - (g.s >> 8) - 2 - x0;
  let hi = (o.a.y >> 4) + (((w + 1) * g.s) >> 8) + 2 - x0;
  return vec2<i32>(max(lo, 0), min(hi, i32(TILE) - 1));
}

// The sample column u of pixel centres stepping one pixel (16 units of 1/16 px) at a time: u is
// trunc(n / s) - 8 for n = (cx - glyph x)·256, and n grows by 4096 a pixel, so the quotient is carried
// (floor division, remainder in [0, s)) rather than divided afresh for every pixel; trunc differs
// from floor only for a negative n with a remainder.
struct Columns { n: i32, q: i32, r: i32, dq: i32, dr: i32, s: i32 }

fn columnsAt(o: Obj, g: GlyphRow, cx: i32) -> Columns {
  let n = (cx - o.a.y) * 256;
  var q = n / g.s;
  var r = n - q * g.s;
  if (r < 0) { q -= 1; r += g.s; }
  let dq = 4096 / g.s;
  return Columns(n, q, r, dq, 4096 - dq * g.s, g.s);
}

fn columnU(c: Columns) -> i32 {
  if (c.n < 0 && c.r != 0) { return c.q + 1 - 8; }
  return c.q - 8;
}

fn nextColumn(c: Columns) -> Columns {
  var d = Columns(c.n + 4096, c.q + c.dq, c.r + c.dr, c.dq, c.dr, c.s);
  if (d.r >= d.s) { d.q += 1; d.r -= d.s; }
  return d;
}

fn shapeTerm(o: Obj, cx: i32, cy: i32, px: i32, py: i32) -> vec3<i32> {
  let k = o.a.x;
  let col = rgb(o.b.y);
  if (k == KIND_RECT) {
    if (px >= o.a.y && px < o.a.w && py >= o.a.z && py < o.b.x) { return col * o.b.z; }
    return vec3<i32>(0);
  }
  let dx = cx - o.a.y;
  let dy = cy - o.a.z;
  let d2 = dx * dx + dy * dy;
  var acc = (col * (discCover(d2, o.a.w) * o.b.z)) >> vec3<u32>(8u);
  if (k == KIND_MARKER && o.b.w > 0) {
    let rh = o.b.x;
    let rh2 = rh * rh;
    if (d2 < rh2) {
      let q = 256 - d2 / max(rh2 >> 8u, 1);
      acc += (col * (((q * q) >> 8u) * o.b.w)) >> vec3<u32>(8u);
    }
  }
  return acc;
}

// The colour plates and outlines blend towards: the background (nothing, when transparent).
fn plateInk() -> vec3<i32> {
  if ((P.flags & FLAG_TRANSPARENT) != 0u) { return vec3<i32>(0); }
  return rgb(i32(P.background)) * 256;
}

// c moved towards ink by t/256 (c, ink in 1/256 colour steps, within 0..255·256).
fn blend(c: vec3<i32>, ink: vec3<i32>, t: i32) -> vec3<i32> {
  return c + (((ink - c) * t) >> vec3<u32>(8u));
}

// Text drawn over the tone-mapped colour c (1/256 steps): first darkens an outline GLYPH_OUTLINE
// texels wide, then blends to its colour.
fn overGlyph(o: Obj, c: vec3<i32>, raw: i32) -> vec3<i32> {
  let line = (clamp(raw + i32(GLYPH_OUTLINE) * o.b.x, 0, 256) * o.b.z) >> 8u;
  let dark = blend(c, plateInk(), line);
  return blend(dark, rgb(o.b.y) * 256, (clamp(raw, 0, 256) * o.b.z) >> 8u);
}

// The tile columns [x, y] a disc, marker or rectangle can touch on row py (centre cy), tile origin
// x0; empty when it touches none. A superset: a disc's cover is 0 exactly when 8(r² - d²) <=
// -128·max(r, 1), which needs |dx| < r + 8 (1/16 px); a halo needs d² < its radius².
fn shapeColumns(o: Obj, cy: i32, py: i32, x0: i32) -> vec2<i32> {
  if (o.a.x == KIND_RECT || o.a.x == KIND_PLATE) {
    if (py < o.a.z || py >= o.b.x) { return vec2<i32>(1, 0); }
    return vec2<i32>(max(o.a.y - x0, 0), min(o.a.w - 1 - x0, i32(TILE) - 1));
  }
  let r = o.a.w;
  let dy = cy - o.a.z;
  var reach = 0;
  if (8 * (r * r - dy * dy) > -128 * max(r, 1)) { reach = r + 8; }
  if (o.a.x == KIND_MARKER && o.b.w > 0 && dy * dy < o.b.x * o.b.x) { reach = max(reach, o.b.x); }
  if (reach == 0) { return vec2<i32>(1, 0); }
  let lo = ((o.a.y - reach - 8) >> 4) - 1 - x0;
  let hi = ((o.a.y + reach - 8) >> 4) + 1 - x0;
  return vec2<i32>(max(lo, 0), min(hi, i32(TILE) - 1));
}

// Linear up to 200, then a soft shoulder towards 255 so that floods saturate gracefully.
fn tone(raw: i32) -> u32 {
  let v = clamp(raw, 0, 1 << 24);
  let knee = 200 * 256;
  if (v <= knee) { return u32(v >> 8u); }
  let e = v - knee;
  return u32(200 + (55 * e) / (e + 55 * 256));
}

fn pack(c: vec3<u32>) -> u32 {
  var v = c;
  var a = 255u;
  if ((P.flags & FLAG_TRANSPARENT) != 0u) {
    // Light on nothing: alpha is the brightest channel, colour un-premultiplied.
    a = max(v.x, max(v.y, v.z));
    if (a > 0u) { v = (v * 255u) / a; }
  }
  // Light theme: the scene's colours were inverted, so invert the result back.
  if ((P.flags & FLAG_LIGHT) != 0u) { v = vec3<u32>(255u) - v; }
  return v.x | (v.y << 8u) | (v.z << 16u) | (a << 24u);
}

// One invocation per row of a tile: TILE pixels, objects in the outer loop, so that each object is
// read and set up once per row rather than once per pixel. A workgroup takes RASTER_TILES dirty tiles.
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32) {
  let d = wid.x * RASTER_TILES + li / TILE;
  if (d >= tileMeta[META_DIRTY]) { return; }
  let row = li % TILE;
  let t = tileMeta[META_TILES + d];
  let x0 = i32((t % P.tilesX) * TILE);
  let py = i32((t / P.tilesX) * TILE + row);
  let cy = py * 16 + 8;
  let rowInFrame = py < i32(P.height);
  var acc: array<vec3<i32>, TILE>;
  for (var x = 0; x < i32(TILE); x++) {
    let px = x0 + x;
    if (P.drawBase != 0u) {
      acc[x] = vec3<i32>(0);
      if ((P.flags & FLAG_TRANSPARENT) == 0u) { acc[x] = rgb(i32(P.background)) * 256; }
    } else if (rowInFrame && px < i32(P.width)) {
      let pixel = u32(py) * P.width + u32(px);
      let rg = baseLayer[pixel * BASE_WORDS];
      acc[x] = vec3<i32>(i32(rg & 0xffffu), i32(rg >> 16u), i32(baseLayer[pixel * BASE_WORDS + 1u]));
    }
  }
  let section = BIN_CLASSES * P.tilesX * P.tilesY;
  let shapes = BIN_CLASSES * d + BIN_CLASS_SHAPE;
  let shapesAt = bins[BIN_OFFSETS * section + shapes];
  for (var i = shapesAt; i < shapesAt + bins[BIN_COUNTS * section + shapes]; i++) {
    let o = objects[list[i]];
    let cols = shapeColumns(o, cy, py, x0);
    for (var x = cols.x; x <= cols.y; x++) { acc[x] += shapeTerm(o, (x0 + x) * 16 + 8, cy, x0 + x, py); }
  }
  let glyphs = BIN_CLASSES * d + BIN_CLASS_GLYPH;
  let glyphsAt = bins[BIN_OFFSETS * section + glyphs];
  for (var i = glyphsAt; i < glyphsAt + bins[BIN_COUNTS * section + glyphs]; i++) {
    let o = objects[list[i]];
    let g = glyphRow(o, cy);
    let cols = glyphColumns(o, g, x0);
    if (cols.x <= cols.y) {
      var c = columnsAt(o, g, (x0 + cols.x) * 16 + 8);
      for (var x = cols.x; x <= cols.y; x++) {
        acc[x] += glyphTerm(o, glyphRaw(o, g, columnU(c)));
        c = nextColumn(c);
      }
    }
  }
  // Tone-map; the base layer keeps the light before it.
  for (var x = 0; x < i32(TILE); x++) {
    let a = acc[x];
    if (P.drawBase != 0u && rowInFrame && x0 + x < i32(P.width)) {
      let pixel = u32(py) * P.width + u32(x0 + x);
      let c = vec3<u32>(clamp(a, vec3<i32>(0), vec3<i32>(65535)));
      baseLayer[pixel * BASE_WORDS] = c.x | (c.y << 16u);
      baseLayer[pixel * BASE_WORDS + 1u] = c.z;
    }
    acc[x] = vec3<i32>(i32(tone(a.x)), i32(tone(a.y)), i32(tone(a.z))) * 256;
  }
  // Over the light, in list order: order:main left them by layer, then object id.
  let over = BIN_CLASSES * d + BIN_CLASS_OVER;
  let overAt = bins[BIN_OFFSETS * section + over];
  for (var j = overAt; j < overAt + bins[BIN_COUNTS * section + over]; j++) {
    let o = objects[list[j]];
    if (o.a.x == KIND_PLATE) {
      let cols = shapeColumns(o, cy, py, x0);
      for (var x = cols.x; x <= cols.y; x++) { acc[x] = blend(acc[x], plateInk(), o.b.z); }
    } else {
      let g = glyphRow(o, cy);
      let cols = glyphColumns(o, g, x0);
      if (cols.x <= cols.y) {
        var c = columnsAt(o, g, (x0 + cols.x) * 16 + 8);
        for (var x = cols.x; x <= cols.y; x++) {
          acc[x] = overGlyph(o, acc[x], glyphRaw(o, g, columnU(c)));
          c = nextColumn(c);
        }
      }
    }
  }
  for (var x = 0; x < i32(TILE); x++) {
    var packed = 0u;
    if (rowInFrame && x0 + x < i32(P.width)) { packed = pack(vec3<u32>(acc[x] >> vec3<u32>(8u))); }
    outPixels[d * TILE_PIXELS + row * TILE + u32(x)] = packed;
  }
}
