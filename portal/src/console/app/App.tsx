// The console app: who is signed in (a signed-out visitor is sent to the sign-in page by the session
// request), the frame, and the screen of the address.
import { Suspense, useEffect, useState } from "react";
import { Layout } from "./components/Layout.tsx";
import { LoadError, Loading, Page } from "./components/Page.tsx";
import { useLocation } from "./lib/router.tsx";
import { screenAt } from "./routes.ts";
import { loadSession, SessionContext, type AppSession } from "./session.ts";

export function App() {
  const [session, setSession] = useState<AppSession | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const url = useLocation();
  useEffect(() => {
    loadSession().then(setSession, (e: unknown) => setError(e instanceof Error ? e : new Error(String(e))));
  }, []);
  if (error)
    return (
      <main id="main">
        <LoadError error={error} />
      </main>
    );
  if (!session)
    return (
      <main id="main">
        <Loading />
      </main>
    );
  const screen = screenAt(url.pathname);
  const allowed = screen && session.nav.some((n) => n.key === screen.page);
  return (
    <SessionContext.Provider value={session}>
      <Layout session={session} page={screen?.page ?? ""}>
        {!screen ? (
          <Page title="找不到页面">
            <p className="notice error">没有这个页面。</p>
          </Page>
        ) : !allowed ? (
          <Page title="没有权限">
            <p className="notice error">当前账号不能查看此页面。</p>
          </Page>
        ) : (
          <Suspense
            fallback={
              <Page title={screen.title}>
                <Loading />
              </Page>
            }
          >
            <screen.component key={url.pathname} />
          </Suspense>
        )}
      </Layout>
    </SessionContext.Provider>
  );
}
