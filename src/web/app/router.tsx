// A small history-based router: enough for this app, no dependency.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type MouseEvent, type ReactNode } from 'react';

interface RouteState {
  path: string;
  /** The query string without "?" (the page's own state: filters, page number). */
  search: string;
  navigate: (to: string) => void;
  /** Replaces the current history entry's query string (no new entry: back still leaves the page). */
  replaceSearch: (search: string) => void;
}
const Ctx = createContext<RouteState>({ path: '/', search: '', navigate: () => undefined, replaceSearch: () => undefined });

const currentSearch = () => window.location.search.replace(/^\?/, '');

export function Router({ children }: { children: ReactNode }) {
  const [loc, setLoc] = useState(() => ({ path: window.location.pathname, search: currentSearch() }));
  useEffect(() => {
    const onPop = () => setLoc({ path: window.location.pathname, search: currentSearch() });
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  // Stable functions: pages list them as effect dependencies.
  const navigate = useCallback((to: string) => {
    if (to !== window.location.pathname + window.location.search) window.history.pushState(null, '', to);
    const url = new URL(to, window.location.origin);
    setLoc({ path: url.pathname, search: url.search.replace(/^\?/, '') });
  }, []);
  const replaceSearch = useCallback((search: string) => {
    if (search === currentSearch()) return;
    window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
    setLoc({ path: window.location.pathname, search });
  }, []);
  const value = useMemo(() => ({ ...loc, navigate, replaceSearch }), [loc, navigate, replaceSearch]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useRoute() {
  return useContext(Ctx);
}

/**
 * The page's state kept in the URL's query string (like react-router's useSearchParams): the
 * current parameters, and a setter that replaces them in place — so a reload, "back" from a page
 * opened from the list, and a copied link all show the same list. Pages validate what they read.
 */
export function useSearchParams(): [URLSearchParams, (next: URLSearchParams) => void] {
  const { search, replaceSearch } = useContext(Ctx);
  return [new URLSearchParams(search), (next) => replaceSearch(next.toString())];
}

/** An anchor that navigates inside the app (and still works as a link: new tab, copy URL). */
export function AppLink({ to, children, ...rest }: { to: string; children: ReactNode; className?: string; 'aria-current'?: 'page' | undefined }) {
  const { navigate } = useRoute();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
