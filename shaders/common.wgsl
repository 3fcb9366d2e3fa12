// common.wgsl — shared by every pass (prepended to each pass's source, after the constants and
// `struct Params` generated from src/gpu/abi.ts); declares no bindings.
// All arithmetic is integer: positions and radii in 1/16 pixel, colours in 1/256 steps.

// An object to rasterise (OBJ_WORDS words). a = (kind, x, y, p0), b = (p1, rgb, alpha, alpha2);
// kind is one of KIND_*.
//  disc:   centre (x, y) and radius p0, all in 1/16 px.
//  marker: a disc of radius p0 plus a soft halo of radius p1 (alpha2 its strength).
//  rect:   pixels [x, p0) × [y, p1); plate: the same, blended towards the background over the light.
//  glyph:  top-left (x, y) in 1/16 px of a glyph's atlas rectangle at atlas (p0 & 0xffff, p0 >> 16),
//          drawn at p1/256 px per texel; alpha2 = rectangle size w | h << 16 in texels (also
//          glyph-sub, taken away, and glyph-over, blended over the light with a dark outline).
struct Obj { a: vec4<i32>, b: vec4<i32> }

fn noObj() -> Obj { return Obj(vec4<i32>(0), vec4<i32>(0)); }

// Must match mix32/hash3 in src/random/hash.ts bit for bit.
fn mix32(v: u32) -> u32 {
  var x = v;
  x ^= x >> 16u;
  x *= 0x7feb352du;
  x ^= x >> 15u;
  x *= 0x846ca68bu;
  x ^= x >> 16u;
  return x;
}

fn hash3(a: u32, b: u32, c: u32) -> u32 {
  var h = mix32(a + 0x9e3779b9u);
  h = mix32(h ^ b);
  return mix32(h ^ c);
}

// A workgroup's exclusive prefix sum (Hillis–Steele): invocation t brings n, gets back the sum of
// the n of invocations 0 … t-1 and the workgroup's total. Call from every invocation of a workgroup
// of WORKGROUP_SIZE (it holds barriers). Lets one workgroup compact a list in order, without atomics.
var<workgroup> scanSums: array<u32, WORKGROUP_SIZE>;

fn workgroupScan(t: u32, n: u32) -> vec2<u32> {
  scanSums[t] = n;
  for (var d = 1u; d < WORKGROUP_SIZE; d <<= 1u) {
    workgroupBarrier();
    var v = scanSums[t];
    if (t >= d) { v += scanSums[t - d]; }
    workgroupBarrier();
    scanSums[t] = v;
  }
  workgroupBarrier();
  let r = vec2<u32>(scanSums[t] - n, scanSums[WORKGROUP_SIZE - 1u]);
  workgroupBarrier();
  return r;
}

// Glow drives halos and labels in steps of GLOW_STEP: a label redraws (and its tiles travel) only
// when its glow crosses a step, not on every frame of its decay.
fn glowLevel(g: u32) -> i32 { return i32(min(g, GLOW_MAX) & ~(GLOW_STEP - 1u)); }

// Pixel box [x0, x1) × [y0, y1) that the object can touch, not yet clipped to the frame.
fn objBox(o: Obj) -> vec4<i32> {
  let k = o.a.x;
  if (k == KIND_RECT || k == KIND_PLATE) { return vec4<i32>(o.a.y, o.a.z, o.a.w, o.b.x); }
  if (k == KIND_GLYPH || k == KIND_GLYPH_SUB || k == KIND_GLYPH_OVER) {
    // Size in 1/16 px = texels · scale/256 · 16.
    let w = ((o.b.w & 0xffff) * o.b.x) >> 4;
    let h = ((o.b.w >> 16) * o.b.x) >> 4;
    return vec4<i32>(o.a.y >> 4, o.a.z >> 4, ((o.a.y + w) >> 4) + 2, ((o.a.z + h) >> 4) + 2);
  }
  var r = o.a.w;
  if (k == KIND_MARKER) { r = max(r, o.b.x); }
  // Arithmetic shift = floor division by 16; one pixel of margin for the anti-aliased edge.
  return vec4<i32>(((o.a.y - r) >> 4) - 1, ((o.a.z - r) >> 4) - 1, ((o.a.y + r) >> 4) + 2, ((o.a.z + r) >> 4) + 2);
}

// Whether a disc or marker can light a pixel centre of tile (tx, ty) of its box. The box is a square
// and a round object misses the tiles in its corners: marking and binning those tiles redrew and
// sent tiles that came out byte for byte the same (a tenth of the synthetic day's changed tiles).
// Conservative, as objBox: a disc lights no centre at d ≥ r + 8 (1/16 px; raster.wgsl's discCover),
// a halo none at d ≥ its radius. Other kinds touch every tile of their box. The nearest centre is
// inside the box, within reach of the object's centre, so d² fits in an i32.
fn touchesTile(o: Obj, tx: i32, ty: i32) -> bool {
  let k = o.a.x;
  if (k != KIND_DISC && k != KIND_MARKER) { return true; }
  var reach = o.a.w + 16;
  if (k == KIND_MARKER) { reach = max(reach, o.b.x); }
  // The tile's pixel centres nearest the object's centre, in 1/16 px.
  let lo = vec2<i32>(tx, ty) * (i32(TILE) * 16) + 8;
  let hi = lo + (i32(TILE) - 1) * 16;
  let c = vec2<i32>(o.a.y, o.a.z);
  let d = c - clamp(c, lo, hi);
  return d.x * d.x + d.y * d.y < reach * reach;
}

// Clip a box to the frame and turn it into an inclusive tile range (tx0, ty0, tx1, ty1); empty if tx0 > tx1.
fn tileRange(box: vec4<i32>, p: Params) -> vec4<i32> {
  let x0 = max(box.x, 0);
  let y0 = max(box.y, 0);
  let x1 = min(box.z, i32(p.width));
  let y1 = min(box.w, i32(p.height));
  if (x0 >= x1 || y0 >= y1) { return vec4<i32>(1, 1, 0, 0); }
  return vec4<i32>(x0 >> TILE_SHIFT, y0 >> TILE_SHIFT, (x1 - 1) >> TILE_SHIFT, (y1 - 1) >> TILE_SHIFT);
}
