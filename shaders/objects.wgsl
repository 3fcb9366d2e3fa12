// objects.wgsl — builds this frame's objects (simulate) and marks the tiles that changed since f-1.
// Bindings (numbers in BINDINGS.objects, src/gpu/abi.ts): P params (uniform), entries (bin, row,
// marker, packets), scene (the scene words: ROW_*, MARKER_* and LABEL_* records), glow (2 × markers:
// f then f-1), dyn (the host-made objects that change: for f, then for f-1), objects (out), flags
// (tile flags, atomic), live (the slots to simulate, from live:main).
// Object slots: [dyn | markers | label glyphs (LABEL_SLOTS each: idle glyph taken away, plate,
// glowing glyph) | bubbles], one invocation per slot that live:main lists (the others are empty at f
// and f-1, and nothing reads them); the objects that never change are drawn once into the base layer
// instead, and the text that never changes (the last P.fixedCount dyn slots) is written into its
// slots once by the host. A glowing label is drawn over the light (GLYPH_OVER) on its plate; the raster draws
// those in slot order, so a label's plate lies over every label before it and under its own text.
// Every object is a closed-form function of (timeline, frame), so f-1 is recomputed, not remembered
// (where it can differ from f: a port at the same glow level at both has the same objects).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> entries: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> scene: array<u32>;
@group(0) @binding(3) var<storage, read> glow: array<u32>;
@group(0) @binding(4) var<storage, read> dyn: array<Obj>;
@group(0) @binding(5) var<storage, read_write> objects: array<Obj>;
@group(0) @binding(6) var<storage, read_write> flags: array<atomic<u32>>;
@group(0) @binding(7) var<storage, read> live: array<u32>;

fn isqrt(n: u32) -> u32 {
  // Bit-by-bit integer square root: floor(sqrt(n)), exact.
  var rem = n;
  var root = 0u;
  var bit = 1u << 30u;
  while (bit > rem) { bit >>= 2u; }
  while (bit != 0u) {
    if (rem >= root + bit) {
      rem -= root + bit;
      root = (root >> 1u) + bit;
    } else {
      root >>= 1u;
    }
    bit >>= 2u;
  }
  return root;
}

// A port's halo: invisible while idle, growing and brightening with the glow.
fn markerObj(m: u32, g: u32) -> Obj {
  let base = P.markersOff + m * MARKER_WORDS;
  let level = glowLevel(g);
  if (level == 0) { return noObj(); }
  let r0 = i32(scene[base + MARKER_HALO]);
  let rHalo = r0 + (r0 * level) / i32(GLOW_MAX);
  return Obj(vec4<i32>(KIND_MARKER, i32(scene[base + MARKER_X]), i32(scene[base + MARKER_Y]), 0),
             vec4<i32>(rHalo, i32(scene[base + MARKER_RGB]), 0, (level * 150) / i32(GLOW_MAX)));
}

// Channel-wise mix of a colour towards white by t/256.
fn whiten(c: i32, t: i32) -> i32 {
  let r = c & 0xff;
  let g = (c >> 8) & 0xff;
  let b = (c >> 16) & 0xff;
  return (r + (((255 - r) * t) >> 8)) | ((g + (((255 - g) * t) >> 8)) << 8) | ((b + (((255 - b) * t) >> 8)) << 16);
}

// One glyph of a port's label: tiny and dim while idle; swells (by the marker's swell/256) and
// brightens with the glow. Glyphs flagged as the service name show only while the port is hot.
// Idle labels are part of the base layer; a glowing label takes its idle glyph away (sub = true)
// and draws its glowing one over the light, so that only glowing labels cost anything per frame.
fn labelObj(i: u32, g: u32, sub: bool) -> Obj {
  let rec = P.labelsOff + i * LABEL_WORDS;
  let head = scene[rec + LABEL_HEAD];
  let m = head & ~LABEL_NAME_BIT;
  let isName = (head & LABEL_NAME_BIT) != 0u;
  let base = P.markersOff + m * MARKER_WORDS;
  let glowing = glowLevel(g);
  if (glowing == 0 || (isName && (sub || u32(glowing) < P.hotLevel))) { return noObj(); }
  var level = glowing;
  var kind = KIND_GLYPH_OVER;
  if (sub) {
    level = 0;
    kind = KIND_GLYPH_SUB;
  }
  let k = 256 + (level * i32(scene[base + MARKER_SWELL])) / i32(GLOW_MAX);
  let off = scene[rec + LABEL_OFFSET];
  let dx = i32(off << 16u) >> 16u;
  let dy = i32(off) >> 16u;
  let x = i32(scene[base + MARKER_X]) + ((dx * k) >> 8);
  let y = i32(scene[base + MARKER_Y]) + ((dy * k) >> 8);
  let scale = (i32(scene[base + MARKER_SCALE]) * k) >> 8;
  // Idle: LABEL_IDLE_ALPHA, as the base layer draws it; full glow: 256.
  var alpha = i32(LABEL_IDLE_ALPHA) + (level * (256 - i32(LABEL_IDLE_ALPHA))) / i32(GLOW_MAX);
  // A service name shows from hot on, half opaque at first (on its plate, readable), opaque at full glow.
  if (isName) { alpha = 128 + ((level - i32(P.hotLevel)) * 128) / max(i32(GLOW_MAX - P.hotLevel), 1); }
  // Glowing: drawn over the light, in the layer of its glow (hotter labels over cooler ones).
  let colour = whiten(i32(scene[base + MARKER_RGB]), (level * 160) / i32(GLOW_MAX)) | ((level / i32(GLOW_STEP)) << LAYER_SHIFT);
  return Obj(vec4<i32>(kind, x, y, i32(scene[rec + LABEL_ATLAS])),
             vec4<i32>(scale, colour, alpha, i32(scene[rec + LABEL_SIZE])));
}

// The plate under a glowing label, on the slot of its first glyph: the label's box at rest (with the
// service name while hot), swollen like the glyphs, in whole pixels outward.
fn plateObj(i: u32, g: u32) -> Obj {
  let rec = P.labelsOff + i * LABEL_WORDS;
  let m = scene[rec + LABEL_HEAD] & ~LABEL_NAME_BIT;
  let level = glowLevel(g);
  if (level == 0 || (i > 0u && (scene[rec - LABEL_WORDS + LABEL_HEAD] & ~LABEL_NAME_BIT) == m)) { return noObj(); }
  let base = P.markersOff + m * MARKER_WORDS;
  let k = 256 + (level * i32(scene[base + MARKER_SWELL])) / i32(GLOW_MAX);
  var right = i32(scene[base + MARKER_PLATE_X1]);
  if (u32(level) >= P.hotLevel) { right = i32(scene[base + MARKER_PLATE_NAME_X1]); }
  let mx = i32(scene[base + MARKER_X]);
  let my = i32(scene[base + MARKER_Y]);
  let x0 = (mx + ((i32(scene[base + MARKER_PLATE_X0]) * k) >> 8)) >> 4;
  let y0 = (my + ((i32(scene[base + MARKER_PLATE_Y0]) * k) >> 8)) >> 4;
  let x1 = (mx + ((right * k) >> 8) + 15) >> 4;
  let y1 = (my + ((i32(scene[base + MARKER_PLATE_Y1]) * k) >> 8) + 15) >> 4;
  // Fades in with the glow, fully opaque (PLATE_ALPHA) once the port is hot.
  let alpha = (i32(PLATE_ALPHA) * min(level, i32(P.hotLevel))) / max(i32(P.hotLevel), 1);
  return Obj(vec4<i32>(KIND_PLATE, x0, y0, x1), vec4<i32>(y1, (level / i32(GLOW_STEP)) << LAYER_SHIFT, alpha, 0));
}

// Signed jitter in [-amp, amp] from the seed, the bubble's entry id and a purpose.
fn jitter(e: u32, purpose: u32, amp: u32) -> i32 {
  return i32(hash3(P.seed, e, purpose) % (2u * amp + 1u)) - i32(amp);
}

fn bubbleObj(e: u32, g: i32) -> Obj {
  let ent = entries[e];
  let age = g - i32(ent.x);
  if (age < 0 || age >= i32(P.travel)) { return noObj(); }
  let row = P.rowsOff + ent.y * ROW_WORDS;
  let mk = P.markersOff + ent.z * MARKER_WORDS;
  let mx = i32(scene[mk + MARKER_X]);
  let my = i32(scene[mk + MARKER_Y]);
  let left = i32(scene[row + ROW_LEFT]);
  let right = i32(scene[row + ROW_RIGHT]);
  var sx = (left + right) / 2;
  if (mx < left) { sx = left; } else if (mx > right) { sx = right; }
  let sy = i32(scene[row + ROW_Y]);
  let ex = mx + jitter(e, JITTER_X, P.jitter);
  let ey = my + jitter(e, JITTER_Y, P.jitter);
  let t = i32(scene[P.easeOff + u32(age)]);
  let arc = i32(scene[P.arcOff + u32(age)]);
  let x = sx + (((ex - sx) * t) >> 12);
  let y = sy + (((ey - sy) * t) >> 12) + ((jitter(e, JITTER_ARC, P.arcMax) * arc) >> 12);
  // radius ∝ √packets: isqrt(p·256) = 16·√p, times the unit (1/16 px per √packet).
  let r = min(P.radiusMax, (P.radiusUnit * isqrt(min(ent.w, 1u << 24u) << 8u)) >> 4u);
  return Obj(vec4<i32>(KIND_DISC, x, y, i32(max(r, 20u))), vec4<i32>(0, i32(scene[row + ROW_RGB]), 200, 0));
}

// Port slot k (counted from the first marker slot): the marker of a marker or label slot.
fn portOf(k: u32) -> u32 {
  if (k < P.markerCount) { return k; }
  return scene[P.labelsOff + ((k - P.markerCount) / LABEL_SLOTS) * LABEL_WORDS + LABEL_HEAD] & ~LABEL_NAME_BIT;
}

// Port slot k's object at glow g: the marker's halo, or a label glyph's slot (idle glyph taken
// away, plate, glowing glyph).
fn portObj(k: u32, g: u32) -> Obj {
  if (k < P.markerCount) { return markerObj(k, g); }
  let l = (k - P.markerCount) / LABEL_SLOTS;
  let part = (k - P.markerCount) % LABEL_SLOTS;
  if (part == 1u) { return plateObj(l, g); }
  return labelObj(l, g, part == 0u);
}

fn markTiles(o: Obj) {
  if (o.a.x == KIND_NONE) { return; }
  let tr = tileRange(objBox(o), P);
  for (var ty = tr.y; ty <= tr.w; ty++) {
    for (var tx = tr.x; tx <= tr.z; tx++) {
      if (touchesTile(o, tx, ty)) { atomicStore(&flags[u32(ty) * P.tilesX + u32(tx)], 1u); }
    }
  }
}

// Marks the tiles where an object that changed from prev to now can change a pixel: both boxes, but
// for a rectangle that kept its rows, its left end and its colour (a running-total bar or the
// progress line, host-made and sent every frame) only the columns between its old and new right
// ends. Marking the whole progress line each frame made a fifth of the real day's changed tiles.
fn markChange(now: Obj, prev: Obj) {
  if (now.a.x == KIND_RECT && prev.a.x == KIND_RECT && all(now.a.yz == prev.a.yz) && all(now.b == prev.b)) {
    let x0 = max(now.a.y, min(now.a.w, prev.a.w));
    markTiles(Obj(vec4<i32>(KIND_RECT, x0, now.a.z, max(now.a.w, prev.a.w)), now.b));
    return;
  }
  markTiles(now);
  markTiles(prev);
}

fn same(a: Obj, b: Obj) -> bool {
  return all(a.a == b.a) && all(a.b == b.b);
}

// One invocation per slot listed by live:main but the host-made objects that never change (they lie
// in their slots from the start and never move).
@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  if (gid.x >= live[LIVE_COUNT] - P.fixedCount) { return; }
  let i = live[LIVE_IDS + gid.x];
  let f = i32(P.frame);
  var now: Obj;
  var prev: Obj;
  if (i < P.dynCount) {
    // dyn holds the changing ones only: for f, then for f-1.
    now = dyn[i];
    prev = dyn[P.dynCount - P.fixedCount + i];
  } else if (i < P.dynCount + P.markerCount + LABEL_SLOTS * P.labelCount) {
    let k = i - P.dynCount;
    let m = portOf(k);
    let g = glow[m];
    let gPrev = glow[P.markerCount + m];
    now = portObj(k, g);
    // A port's objects depend on its glow only through glowLevel: at the same level at f and f-1
    // they are the same objects, so f-1 is not recomputed.
    if (glowLevel(gPrev) == glowLevel(g)) {
      prev = now;
    } else {
      prev = portObj(k, gPrev);
    }
  } else {
    let e = P.bubbleLo + i - P.dynCount - P.markerCount - LABEL_SLOTS * P.labelCount;
    now = bubbleObj(e, f);
    prev = bubbleObj(e, f - 1);
  }
  objects[i] = now;
  if (P.hasPrev != 0u && !same(now, prev)) { markChange(now, prev); }
}
