// The console's frame, as the server-rendered pages draw it: the top bar with the places this role may go
// (the server's list, /console/session.json), who is signed in, sign-out, and the page's main region.
import type { ReactNode } from "react";
import { Link } from "../lib/router.tsx";
import type { AppSession } from "../session.ts";

export function Layout(props: { session: AppSession; page: string; children: ReactNode }) {
  const { session, page } = props;
  return (
    <>
      <header className="bar">
        <strong className="brand">安心消防 · 管理台</strong>
        <nav>
          {session.nav.map((n) => (
            <Link key={n.key} href={`/console/${n.key}`} aria-current={n.key === page ? "page" : undefined}>
              {n.label}
            </Link>
          ))}
        </nav>
        <span className="who">
          {session.name}（{session.roleLabel}）
        </span>
        <form method="post" action="/console/logout">
          <button type="submit" className="link">
            退出
          </button>
        </form>
      </header>
      <main id="main">{props.children}</main>
    </>
  );
}
