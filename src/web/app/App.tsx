import { ActionMenu, Alert, BodyShort, Box, Heading, Hide, HStack, InternalHeader, Loader, Page, Provider, Show, Spacer, VStack } from '@navikt/ds-react';
import { en as akselEn, nb as akselNb } from '@navikt/ds-react/locales';
import { ChevronDownIcon, LeaveIcon, MenuHamburgerIcon, PersonCircleIcon } from '@navikt/aksel-icons';
import { Suspense, useEffect, useRef } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { LoginPage } from '../auth/LoginPage.tsx';
import { AppProvider, useApp } from './context.tsx';
import { keepFocusAfterActions } from './focus-after-action.ts';
import { activeItem, canOpen, navigationFor, type NavItem } from './navigation.ts';
import { AppLink, Router, useRoute } from './router.tsx';
import { pageFor, publicPageFor } from './routes.tsx';

export function App() {
  return (
    <AppProvider>
      <AkselLocale>
        <Router>
          <Shell />
        </Router>
      </AkselLocale>
    </AppProvider>
  );
}

/**
 * Aksel's own texts (an alert's icon name "Suksess"/"Success", "Venter…" on a busy button, "Lukk")
 * in the user's language: without it they stay bokmål in the English UI (nc27), and a screen reader
 * reads Norwegian on every alert.
 */
function AkselLocale({ children }: { children: React.ReactNode }) {
  const { locale } = useApp();
  return <Provider locale={locale === 'en' ? akselEn : akselNb}>{children}</Provider>;
}

function LanguageSwitch() {
  const { locale, setLocale, t } = useApp();
  const other = locale === 'nb' ? 'en' : 'nb';
  // The button names the other language in that language (so it is found by those who need it).
  return (
    <InternalHeader.Button onClick={() => setLocale(other)} aria-label={t('app.languageSwitch', { language: t(`app.language.${other}`) })}>
      <span lang={other}>{other === 'en' ? 'English' : 'Norsk'}</span>
    </InternalHeader.Button>
  );
}

/**
 * The user menu: who is logged in, with which roles, and log out. On a phone (below Aksel's `md`,
 * 768 px) the trigger is a person icon (named by its label), so the header stays one line.
 */
function UserMenu() {
  const { me, t, logout } = useApp();
  const { navigate } = useRoute();
  if (!me) return null;
  const roleNames = me.roles.map((r) => t(`role.${r}` as MessageKey));
  const label = `${t('app.userMenu')}: ${me.name}`;
  const content = (
    <ActionMenu.Content>
      <ActionMenu.Label>{t('app.signedInAs', { username: me.username })}</ActionMenu.Label>
      <ActionMenu.Group label={t('app.yourRoles')}>
        {me.grants.map((g) => (
          <ActionMenu.Item key={`${g.role}-${g.organizationId}`} disabled>
            {t('app.roleInOrg', { role: t(`role.${g.role}` as MessageKey), org: g.organizationName })}
          </ActionMenu.Item>
        ))}
      </ActionMenu.Group>
      <ActionMenu.Divider />
      <ActionMenu.Item icon={<LeaveIcon aria-hidden />} onSelect={() => void logout().then(() => navigate('/'))}>
        {t('app.logout')}
      </ActionMenu.Item>
    </ActionMenu.Content>
  );
  return (
    <>
      <ActionMenu>
        <ActionMenu.Trigger>
          <Hide below="md" asChild>
            <InternalHeader.UserButton name={me.name} description={roleNames.join(', ')} aria-label={label} />
          </Hide>
        </ActionMenu.Trigger>
        {content}
      </ActionMenu>
      <ActionMenu>
        <ActionMenu.Trigger>
          <Show below="md" asChild>
            <InternalHeader.Button aria-label={label}>
              <PersonCircleIcon aria-hidden fontSize="1.5rem" />
              <ChevronDownIcon aria-hidden />
            </InternalHeader.Button>
          </Show>
        </ActionMenu.Trigger>
        {content}
      </ActionMenu>
    </>
  );
}

/**
 * The menu on narrow screens (below Aksel's `lg`, 1024 px): one header button that opens the
 * page list as an Aksel ActionMenu (arrow keys move, Enter opens, Escape closes and focus returns
 * to the button), instead of the link row that wraps to several lines on a phone.
 */
function NarrowMenu({ items, active }: { items: NavItem[]; active: NavItem | undefined }) {
  const { t } = useApp();
  const { navigate } = useRoute();
  return (
    <ActionMenu>
      <ActionMenu.Trigger>
        <Show below="lg" asChild>
          <InternalHeader.Button>
            <MenuHamburgerIcon aria-hidden fontSize="1.5rem" />
            {t('app.menu')}
          </InternalHeader.Button>
        </Show>
      </ActionMenu.Trigger>
      <ActionMenu.Content>
        {items.map((i) => (
          <ActionMenu.Item key={i.path} aria-current={i === active ? 'page' : undefined} onSelect={() => navigate(i.path)}>
            {i === active ? <strong>{t(i.label)}</strong> : t(i.label)}
          </ActionMenu.Item>
        ))}
      </ActionMenu.Content>
    </ActionMenu>
  );
}

function Shell() {
  const { me, t, locale } = useApp();
  const { path, navigate } = useRoute();
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the page heading on navigation, so screen-reader and keyboard users start at
  // the new page. Pages load lazily and fetch data, so wait (briefly) for the heading to appear.
  const first = useRef(true);
  useEffect(() => {
    const main = mainRef.current;
    if (!main) return;
    const isFirst = first.current;
    first.current = false;
    const focusHeading = () => {
      // While a lazy page loads, Suspense keeps the previous page in the DOM, hidden: skip it.
      const h1 = [...main.querySelectorAll('h1')].find((h) => h.getClientRects().length > 0);
      if (!h1) return false;
      h1.setAttribute('tabindex', '-1');
      // Each page has its own title (WCAG 2.4.2), so tabs and history entries are told apart.
      document.title = `${h1.textContent ?? ''} – Radvis`;
      // On the very first load, leave focus where the browser put it (top of the page, so the
      // skip link comes first) unless it is the login page.
      if (isFirst && me) return true;
      h1.focus({ preventScroll: isFirst });
      return document.activeElement === h1;
    };
    if (focusHeading()) return;
    // Keep waiting until the heading shows, however long a slow device or network takes (a fixed
    // 5-s limit left focus behind on a loaded machine), unless the person acts first (a key or a
    // click: their choice wins). Focus moved by the app itself does not end the wait — a closing
    // menu hands focus back to its button while the chosen page is still loading. A new navigation
    // ends the wait too.
    const stop = () => {
      observer.disconnect();
      document.removeEventListener('keydown', stop, true);
      document.removeEventListener('pointerdown', stop, true);
    };
    const observer = new MutationObserver(() => {
      if (focusHeading()) stop();
    });
    observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ['style', 'hidden'] });
    document.addEventListener('keydown', stop, true);
    document.addEventListener('pointerdown', stop, true);
    return stop;
  }, [path, me]);

  // After an action that takes focus away (a button disabled while it works, or removed when done),
  // focus goes to the action's message or the heading: one mechanism for every page. Set up anew on
  // each navigation, which ends any wait.
  useEffect(() => {
    const main = mainRef.current;
    return main ? keepFocusAfterActions(main) : undefined;
  }, [path, me]);

  // A language switch changes the heading's text but is not a navigation: keep focus, update the title.
  useEffect(() => {
    const h1 = [...(mainRef.current?.querySelectorAll('h1') ?? [])].find((h) => h.getClientRects().length > 0);
    if (h1) document.title = `${h1.textContent ?? ''} – Radvis`;
  }, [locale]);

  if (me === undefined) {
    return (
      <HStack justify="center" padding="space-32">
        <Loader size="xlarge" title={t('app.loading')} />
      </HStack>
    );
  }

  const items = me ? navigationFor(me.roles) : [];
  const active = activeItem(path, items);
  return (
    <Page>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <InternalHeader>
        <InternalHeader.Title
          href="/"
          onClick={(e) => {
            e.preventDefault();
            navigate('/');
          }}
        >
          {t('app.name')}
        </InternalHeader.Title>
        <Spacer />
        {me && <NarrowMenu items={items} active={active} />}
        <LanguageSwitch />
        <UserMenu />
      </InternalHeader>
      {me && (
        <Hide below="lg" asChild>
          <Box
            as="nav"
            aria-label={t('app.menu')}
            className="app-nav"
            paddingInline="space-24"
            paddingBlock="space-12"
            borderWidth="0 0 1 0"
            borderColor="neutral-subtle"
          >
            <HStack gap="space-24" as="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
              {items.map((i) => (
                <li key={i.path}>
                  <AppLink to={i.path} aria-current={i === active ? 'page' : undefined}>
                    {t(i.label)}
                  </AppLink>
                </li>
              ))}
            </HStack>
          </Box>
        </Hide>
      )}
      <Page.Block as="main" id="main" ref={mainRef} width="xl" gutters tabIndex={-1}>
        <Box paddingBlock="space-24">
          <Suspense fallback={<PageLoading />}>{me ? <Authorized path={path} roles={me.roles} /> : (publicPageFor(path) ?? <LoginPage />)}</Suspense>
        </Box>
      </Page.Block>
    </Page>
  );
}

function PageLoading() {
  const { t } = useApp();
  return (
    <HStack justify="center" padding="space-32">
      <Loader size="large" title={t('app.loading')} />
    </HStack>
  );
}

function Authorized({ path, roles }: { path: string; roles: string[] }) {
  const { t } = useApp();
  if (!canOpen(path, roles)) {
    return (
      <VStack gap="space-16">
        <Heading level="1" size="large">
          {t('app.forbidden')}
        </Heading>
        <Alert variant="warning">{t('app.forbiddenHelp')}</Alert>
        <BodyShort>
          <AppLink to="/">{t('nav.start')}</AppLink>
        </BodyShort>
      </VStack>
    );
  }
  const page = pageFor(path);
  if (!page) {
    return (
      <VStack gap="space-16">
        <Heading level="1" size="large">
          {t('app.notFound')}
        </Heading>
        <BodyShort>
          <AppLink to="/">{t('nav.start')}</AppLink>
        </BodyShort>
      </VStack>
    );
  }
  return page;
}
