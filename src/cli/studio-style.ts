/** The studio page's style sheet; `{{token}}` becomes the session's token (the font is fetched with it). */
export const STUDIO_STYLE = `
@font-face { font-family: 'DejaVu Sans Condensed'; src: url('/font.ttf?token={{token}}') format('truetype'); }
* { box-sizing: border-box; }
body { margin: 0; background: #111318; color: #d8dde6; font: 13px 'DejaVu Sans Condensed', sans-serif; }
#app { display: grid; grid-template-columns: 1fr 300px; gap: 10px; padding: 10px; height: 100vh; }
#stage { display: flex; flex-direction: column; gap: 6px; min-width: 0; }
/* The frame at its own size (its pixels as rendered), smaller only where the window is. */
#picture { max-width: 100%; height: auto; align-self: flex-start; background: #000; }
#scrubber { width: 100%; height: 56px; cursor: pointer; background: #1b1f27; }
#controls { display: flex; gap: 10px; align-items: center; }
#controls button { font: inherit; background: #263040; color: inherit; border: 1px solid #3a4658; padding: 3px 10px; }
#notice { color: #ffb454; }
#notice:empty { display: none; }
#side { overflow: auto; border-left: 1px solid #2a3140; padding-left: 10px; }
#side h2 { font-size: 14px; margin: 4px 0 8px; }
#events, #captions { list-style: none; padding: 0; margin: 0 0 8px; }
#events button, #captions button { all: unset; display: block; width: 100%; padding: 3px 4px; cursor: pointer; }
#events button:hover, #events button.here, #captions button:hover, #captions button.here { background: #263040; }
.muted { color: #8b95a5; }
#options { display: grid; grid-template-columns: 1fr; gap: 3px; margin-bottom: 8px; }
#options label { display: grid; grid-template-columns: 80px 1fr; align-items: center; }
#options input[type=text], #options select { font: inherit; background: #1b1f27; color: inherit; border: 1px solid #3a4658; padding: 2px 4px; }
#options button { font: inherit; justify-self: start; background: #263040; color: inherit; border: 1px solid #3a4658; padding: 3px 10px; }
#command, #config { white-space: pre-wrap; word-break: break-all; background: #1b1f27; padding: 6px; margin: 0 0 6px; user-select: all; }
summary { cursor: pointer; margin-bottom: 6px; }
`;
