import { Alert, BodyShort, Box, Button, Heading, TextField, VStack } from '@navikt/ds-react';
import { useEffect, useState, type FormEvent } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type { LoginMethods } from '../../shared/api/auth.ts';
import { api } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { loginErrorKey } from '../app/errors.ts';
import { helseIdOutcomeKey } from './helseid-outcome.ts';

export function LoginPage() {
  const { t, login, sessionEnded } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [methods, setMethods] = useState<LoginMethods | null>(null);
  // A refused HelseID login comes back as /?helseid=<reason>: shown once, then the URL is cleaned.
  const [helseIdRefusal] = useState(() => helseIdOutcomeKey(window.location.search));

  useEffect(() => {
    if (helseIdRefusal) window.history.replaceState(window.history.state, '', window.location.pathname);
    api<LoginMethods>('GET', '/api/auth/methods')
      .then(setMethods)
      .catch(() => setMethods(null));
  }, [helseIdRefusal]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!username || !password) {
      setError('login.required');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login(username, password);
    } catch (err) {
      setError(loginErrorKey(err));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box maxWidth="28rem" marginInline="auto" paddingBlock="space-32">
      <form onSubmit={(e) => void submit(e)} noValidate>
        <VStack gap="space-20">
          <Heading level="1" size="large">
            {t('login.title')}
          </Heading>
          {sessionEnded && (
            <Alert variant="info" size="small">
              {t('app.error.sessionExpired')}
            </Alert>
          )}
          {helseIdRefusal && (
            <Alert variant="error" size="small">
              <strong>{t('login.helseid.refused')}:</strong> {t(helseIdRefusal)}
            </Alert>
          )}
          {methods?.oidc && (
            <VStack gap="space-12">
              <BodyShort>{t('login.helseid.intro')}</BodyShort>
              {/* A full-page navigation: the server sends the browser on to HelseID. */}
              <Button as="a" href={methods.oidc.loginUrl} variant="primary">
                {t('login.helseid.button')}
              </Button>
              <Heading level="2" size="xsmall">
                {t('login.helseid.or')}
              </Heading>
            </VStack>
          )}
          {!methods?.oidc && <BodyShort>{t('login.intro')}</BodyShort>}
          <TextField
            label={t('login.username')}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={error === 'login.required' && !username ? t('form.error.required') : undefined}
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={error === 'login.required' && !password ? t('form.error.required') : undefined}
          />
          <div aria-live="assertive">
            {error && (
              <Alert variant="error" size="small">
                <strong>{t('login.failed')}:</strong> {t(error)}
              </Alert>
            )}
          </div>
          <Button type="submit" loading={busy} variant={methods?.oidc ? 'secondary' : 'primary'}>
            {t('login.submit')}
          </Button>
        </VStack>
      </form>
    </Box>
  );
}
