type Falsy = false | 0 | "" | null | undefined;

/**
 * Polls `probe` every `everyMs` until it gives a truthy value, and returns that value; fails after `limitMs`,
 * naming `what` it waited for. The one polling wait of the tests: a probe may be sync or async.
 */
export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  limitMs = 10_000,
  everyMs = 20,
): Promise<Exclude<T, Falsy>> {
  const end = Date.now() + limitMs;
  for (;;) {
    const v = await probe();
    if (v) return v as Exclude<T, Falsy>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
