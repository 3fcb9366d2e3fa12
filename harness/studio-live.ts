/**
 * The studio's live edge (`gen-frames studio --follow`): a button that, while on, asks the server for
 * the picture again every second (the server reads the input again when it has grown) and shows the
 * newest closed frame — the last one no later row can change.
 */
export function liveButton(button: HTMLButtonElement, tick: () => Promise<void>, everyMs = 1000): void {
  let timer: number | undefined;
  let running = false;
  const step = async () => {
    if (running) return;
    running = true;
    try {
      await tick();
    } finally {
      running = false;
    }
  };
  const set = (on: boolean) => {
    if (timer !== undefined) clearInterval(timer);
    timer = on ? window.setInterval(() => void step(), everyMs) : undefined;
    button.dataset.live = String(on);
    button.textContent = on ? '● live' : '○ live';
    if (on) void step();
  };
  button.addEventListener('click', () => set(timer === undefined));
  set(false);
}
