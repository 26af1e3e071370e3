// Session and language for the whole app.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';
import { api, setCsrfToken, setUnauthorizedHandler } from './api.ts';
import type { Me as ApiMe, SessionState } from '../../shared/api/auth.ts';

/** The logged-in user: the API's own type (src/shared/api/auth.ts). */
export type Me = ApiMe;

interface AppState {
  me: Me | null | undefined; // undefined while loading
  /** Why the user was sent back to the login page (session expired), if so. */
  sessionEnded: boolean;
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  setLocale: (l: Locale) => void;
  login: (username: string, password: string) => Promise<Me>;
  logout: () => Promise<void>;
}

const Ctx = createContext<AppState | null>(null);
const LOCALE_KEY = 'radvis.locale';

export function AppProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [sessionEnded, setSessionEnded] = useState(false);
  const [locale, setLocaleState] = useState<Locale>(() => (localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'nb'));
  // A language chosen on the login page is kept after logging in (and saved for the user);
  // otherwise the user's saved preference wins.
  const [chosenBeforeLogin, setChosenBeforeLogin] = useState<Locale | null>(null);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setCsrfToken(null);
      setMe(null);
      setSessionEnded(true);
    });
    return () => setUnauthorizedHandler(null);
  }, []);

  useEffect(() => {
    // /api/auth/session answers 200 with or without a session: no failed request before login.
    api<SessionState>('GET', '/api/auth/session')
      .then((s) => {
        const m = s.me;
        if (!m) return setMe(null);
        setCsrfToken(m.csrfToken);
        setMe(m);
        setLocaleState(m.locale);
      })
      .catch((e: unknown) => {
        console.error(e);
        setMe(null);
      });
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
    localStorage.setItem(LOCALE_KEY, locale);
  }, [locale]);

  const setLocale = useCallback(
    (l: Locale) => {
      setLocaleState(l);
      if (me) void api('PUT', '/api/auth/me/locale', { locale: l }).catch(() => undefined);
      else setChosenBeforeLogin(l);
    },
    [me],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const m = await api<Me>('POST', '/api/auth/login', { username, password });
      setCsrfToken(m.csrfToken);
      setSessionEnded(false);
      if (chosenBeforeLogin && chosenBeforeLogin !== m.locale) {
        void api('PUT', '/api/auth/me/locale', { locale: chosenBeforeLogin }).catch(() => undefined);
        m.locale = chosenBeforeLogin;
      }
      setChosenBeforeLogin(null);
      setMe(m);
      setLocaleState(m.locale);
      return m;
    },
    [chosenBeforeLogin],
  );

  const logout = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
    setSessionEnded(false);
  }, []);

  const value = useMemo<AppState>(
    () => ({ me, sessionEnded, locale, t: (key, vars) => translate(locale, key, vars), setLocale, login, logout }),
    [me, sessionEnded, locale, setLocale, login, logout],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useApp(): AppState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useApp outside AppProvider');
  return v;
}
