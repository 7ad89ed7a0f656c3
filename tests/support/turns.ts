/** Counts the event loop's check phases (one setImmediate a turn) until stopped: which turn something ran in. */
export function countTurns(): { readonly turn: number; stop(): void } {
  let turn = 0;
  let counting = true;
  const tick = () => {
    turn++;
    if (counting) setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return turn;
    },
    stop: () => void (counting = false),
  };
}
