/** Polls `ok` every 20 ms until it holds; fails after `limitMs`, naming `what` it waited for. */
export async function until(what: string, ok: () => boolean | Promise<boolean>, limitMs = 10_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
