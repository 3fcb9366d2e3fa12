// live.wgsl — lists the object slots of this frame (the LIVE_* words): which ones objects:main
// simulates and bin:count/bin:fill bin. Most ports are idle at f and at f-1, and an idle port's
// marker and label slots are empty at both (no object, nothing changed), so only the slots of ports
// glowing at f or f-1 are listed.
// Bindings (numbers in BINDINGS.live, src/gpu/abi.ts): P params (uniform), glow (2 × markers: f then
// f-1), markerGlyphs (per marker, the start of its glyph ids: markers + 1 words, then the label
// glyph ids, ascending per marker), live (out: LIVE_* words, then the slot ids).
// One workgroup: each invocation takes a run of markers, a prefix sum over the workgroup
// (workgroupScan) places each run's slots, so the list is in slot order on every run (no atomics).

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> glow: array<u32>;
@group(0) @binding(2) var<storage, read> markerGlyphs: array<u32>;
@group(0) @binding(3) var<storage, read_write> live: array<u32>;

fn isLive(m: u32) -> bool {
  return glowLevel(glow[m]) != 0 || glowLevel(glow[P.markerCount + m]) != 0;
}

// The marker slot and LABEL_SLOTS slots per glyph of a live marker.
fn slotsOf(m: u32) -> u32 {
  if (!isLive(m)) { return 0u; }
  return 1u + LABEL_SLOTS * (markerGlyphs[m + 1u] - markerGlyphs[m]);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) t: u32) {
  let markers = P.markerCount;
  let run = (markers + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
  let m0 = min(t * run, markers);
  let m1 = min(m0 + run, markers);
  var n = 0u;
  for (var m = m0; m < m1; m++) { n += slotsOf(m); }
  let sums = workgroupScan(t, n);
  let liveSlots = sums.y;
  let moving = P.dynCount - P.fixedCount;
  let markerSlot0 = P.dynCount;
  let labelSlot0 = P.dynCount + markers;
  let bubbleSlot0 = labelSlot0 + LABEL_SLOTS * P.labelCount;
  let bubbles = P.objCount - bubbleSlot0;
  // [host-made that change | live marker and label slots | bubbles | host-made that never change]
  var at = LIVE_IDS + moving + sums.x;
  for (var m = m0; m < m1; m++) {
    if (!isLive(m)) { continue; }
    live[at] = markerSlot0 + m;
    at++;
    for (var k = markerGlyphs[m]; k < markerGlyphs[m + 1u]; k++) {
      let l = markerGlyphs[markers + 1u + k];
      for (var part = 0u; part < LABEL_SLOTS; part++) {
        live[at] = labelSlot0 + LABEL_SLOTS * l + part;
        at++;
      }
    }
  }
  for (var i = t; i < moving; i += WORKGROUP_SIZE) { live[LIVE_IDS + i] = i; }
  let bubblesAt = LIVE_IDS + moving + liveSlots;
  for (var i = t; i < bubbles; i += WORKGROUP_SIZE) { live[bubblesAt + i] = bubbleSlot0 + i; }
  for (var i = t; i < P.fixedCount; i += WORKGROUP_SIZE) { live[bubblesAt + bubbles + i] = moving + i; }
  if (t == 0u) {
    let count = P.dynCount + liveSlots + bubbles;
    live[LIVE_OBJECTS_X] = (count - P.fixedCount + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
    live[LIVE_OBJECTS_Y] = 1u;
    live[LIVE_OBJECTS_Z] = 1u;
    live[LIVE_BIN_X] = (count + WORKGROUP_SIZE - 1u) / WORKGROUP_SIZE;
    live[LIVE_BIN_Y] = 1u;
    live[LIVE_BIN_Z] = 1u;
    live[LIVE_COUNT] = count;
  }
}
