// The headers of a signed-in staff member, for the benches that act through the API as a person would.
export async function staffAuth(
  url: string,
  who: { username: string; password: string },
): Promise<{ authorization: string; "content-type": string }> {
  const res = await fetch(`${url}/api/auth/staff/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: who.username, password: who.password }),
  });
  if (!res.ok) throw new Error(`signing in as ${who.username}: ${res.status} ${await res.text()}`);
  const { accessToken } = (await res.json()) as { accessToken: string };
  return { authorization: `Bearer ${accessToken}`, "content-type": "application/json" };
}
