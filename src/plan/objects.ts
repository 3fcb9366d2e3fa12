/** Object records as the shaders read them (shaders/common.wgsl): 8 words each. */
export const OBJ_WORDS = 8;
export const KIND_NONE = 0;
export const KIND_DISC = 1;
export const KIND_MARKER = 2;
export const KIND_RECT = 3;
export const KIND_GLYPH = 4;
