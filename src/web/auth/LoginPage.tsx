import { Alert, BodyShort, Box, Button, Heading, TextField, VStack } from '@navikt/ds-react';
import { useState, type FormEvent } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { useApp } from '../app/context.tsx';
import { loginErrorKey } from '../app/errors.ts';

export function LoginPage() {
  const { t, login, sessionEnded } = useApp();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);

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
          <BodyShort>{t('login.intro')}</BodyShort>
          <TextField label={t('login.username')} name="username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} error={error === 'login.required' && !username ? t('form.error.required') : undefined} />
          <TextField label={t('login.password')} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={error === 'login.required' && !password ? t('form.error.required') : undefined} />
          <div aria-live="assertive">
            {error && (
              <Alert variant="error" size="small">
                <strong>{t('login.failed')}:</strong> {t(error)}
              </Alert>
            )}
          </div>
          <Button type="submit" loading={busy}>
            {t('login.submit')}
          </Button>
        </VStack>
      </form>
    </Box>
  );
}
