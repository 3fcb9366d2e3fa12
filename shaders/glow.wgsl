// glow.wgsl — port glow for frame f and f-1 from the hits in their trailing windows.
// Bindings (numbers in BINDINGS.glow, src/gpu/abi.ts): P params (uniform), entries (bin, row, marker,
// packets), scene (the scene words), glow (atomic, 2 × markers: f then f-1).
// One invocation per timeline entry in [glowLo, glowHi). Integer addition is order-free, so the
// atomics give the same sums however the invocations are scheduled.

@group(0) @binding(0) var<uniform> P: Params;
@group(0) @binding(1) var<storage, read> entries: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read> scene: array<u32>;
@group(0) @binding(3) var<storage, read_write> glow: array<atomic<u32>>;

// Strength of a hit grows with the order of magnitude of its packet count.
fn hitWeight(packets: u32) -> u32 {
  return 64u + 32u * firstLeadingBit(max(packets, 1u));
}

fn addHit(slot: u32, arrival: i32, g: i32, w: u32, m: u32) {
  let age = g - arrival;
  if (age < 0 || age >= i32(P.decay)) { return; }
  let d = scene[P.decayOff + u32(age)];
  atomicAdd(&glow[slot * P.markerCount + m], (w * d) >> 8u);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let e = P.glowLo + gid.x;
  if (e >= P.glowHi) { return; }
  let ent = entries[e];
  let arrival = i32(ent.x + P.travel) - 1;
  let w = hitWeight(ent.w);
  let f = i32(P.frame);
  addHit(0u, arrival, f, w, ent.z);
  addHit(1u, arrival, f - 1, w, ent.z);
}
