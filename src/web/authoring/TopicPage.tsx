// One topic for the editors (/fagredaksjon/tema/{id}): every version with who, when and why, a
// readable diff between any two, a new version from an earlier one (rollback), silent mode and
// the history of events.
import { Alert, BodyShort, Box, Button, Heading, HStack, Select, Switch, Table, Tag, TextField, VStack } from '@navikt/ds-react';
import { useEffect, useState } from 'react';
import type { DiffResult, TopicDetail } from '../../shared/api/authoring.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { AppLink, useRoute } from '../app/router.tsx';
import { fieldLabel } from './paths.ts';
import { ColumnHeaders } from '../app/ColumnHeaders.tsx';
import { SilentComparisonSection } from './silent-comparison.tsx';
import { osloDateTime } from '../app/oslo-time.ts';

export function TopicPage({ topicId }: { topicId: string }) {
  const { t, locale } = useApp();
  const { navigate } = useRoute();
  const [topic, setTopic] = useState<TopicDetail | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [diff, setDiff] = useState<DiffResult | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = () =>
    get<TopicDetail>(`/api/authoring/topics/${encodeURIComponent(topicId)}`).then((d) => {
      setTopic(d);
      if (d.versions.length > 1) {
        setTo((x) => x || d.versions[0].id);
        setFrom((x) => x || d.versions[1].id);
      }
    });
  useEffect(() => {
    void load();
  }, [topicId]);
  useEffect(() => {
    if (from && to) void get<DiffResult>(`/api/authoring/diff?from=${from}&to=${to}`).then(setDiff);
  }, [from, to]);
  const when = (iso: string | null) => osloDateTime(iso, locale, 'short');
  const act = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  if (!topic) return <BodyShort>{t('app.loading')}</BodyShort>;
  const label = (id: string) => topic.versions.find((v) => v.id === id)?.version ?? id;
  return (
    <VStack gap="space-16">
      <AppLink to="/fagredaksjon">← {t('au.title')}</AppLink>
      <Heading level="1" size="large">
        {locale === 'en' && topic.title.en ? topic.title.en : topic.title.nb}
      </Heading>
      {error && <Alert variant="error">{error}</Alert>}
      <BodyShort textColor="subtle">{t('au.history')}</BodyShort>
      <Switch
        checked={topic.silent}
        onChange={(e) =>
          void act(async () => {
            await api('PUT', `/api/authoring/topics/${topic.id}/silent`, { silent: e.target.checked });
            await load();
          })
        }
      >
        {t('au.silent')}
      </Switch>
      <SilentComparisonSection topicId={topic.id} reload={topic.silent} />
      <Heading level="2" size="medium">
        {t('au.versions')}
      </Heading>
      <div style={{ overflowX: 'auto' }}>
        <Table size="small">
          <ColumnHeaders
            columns={[
              { label: t('au.version') },
              { label: t('au.state') },
              { label: t('au.effective') },
              { label: t('au.by') },
              { label: t('au.approvedBy') },
              { label: t('au.note') },
            ]}
          />
          <Table.Body>
            {topic.versions.map((v) => (
              <Table.Row key={v.id}>
                <Table.DataCell>
                  <AppLink to={`/fagredaksjon/versjon/${v.id}`}>{v.version}</AppLink>
                  {v.id === topic.inEffectVersionId && (
                    <Tag size="xsmall" variant="success" style={{ marginLeft: '0.5rem' }}>
                      {t('au.inEffect')}
                    </Tag>
                  )}
                </Table.DataCell>
                <Table.DataCell>{t(`au.state.${v.state}` as MessageKey)}</Table.DataCell>
                <Table.DataCell>{when(v.effectiveFrom)}</Table.DataCell>
                <Table.DataCell>{v.createdBy ?? t(`au.origin.${v.origin}` as MessageKey)}</Table.DataCell>
                <Table.DataCell>{v.approvedBy ?? '–'}</Table.DataCell>
                <Table.DataCell>{v.changeNote}</Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      <Box padding="space-12" borderWidth="1" borderRadius="8" borderColor="neutral-subtle">
        <VStack gap="space-8">
          <Heading level="2" size="small">
            {t('au.rollback')}
          </Heading>
          <HStack gap="space-8" align="end" wrap>
            <Select label={t('au.version')} size="small" value={from} onChange={(e) => setFrom(e.target.value)}>
              {topic.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </Select>
            <TextField label={t('au.changeNote')} size="small" value={note} onChange={(e) => setNote(e.target.value)} />
            <Button
              size="small"
              variant="secondary"
              disabled={!note.trim() || !from}
              onClick={() =>
                void act(async () => {
                  const r = await api<{ id: string }>('POST', `/api/authoring/topics/${topic.id}/drafts`, { basedOn: from, note });
                  navigate(`/fagredaksjon/versjon/${r.id}`);
                })
              }
            >
              {t('au.rollback')}
            </Button>
          </HStack>
        </VStack>
      </Box>
      {topic.versions.length > 1 && (
        <VStack gap="space-8">
          <Heading level="2" size="medium">
            {t('au.compare')}
          </Heading>
          <HStack gap="space-8" wrap>
            <Select label={t('au.compareFrom')} size="small" value={from} onChange={(e) => setFrom(e.target.value)}>
              {topic.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </Select>
            <Select label={t('au.compareTo')} size="small" value={to} onChange={(e) => setTo(e.target.value)}>
              {topic.versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.version}
                </option>
              ))}
            </Select>
          </HStack>
          {diff && (
            <VStack gap="space-4" aria-live="polite">
              <BodyShort size="small" textColor="subtle">
                {label(diff.from.id)} → {label(diff.to.id)}
              </BodyShort>
              {diff.changes.length === 0 && <BodyShort>{t('au.diffNone')}</BodyShort>}
              {diff.changes.map((c, i) => (
                <Box key={i} padding="space-8" borderWidth="0 0 0 4" borderColor={c.kind === 'removed' ? 'danger' : c.kind === 'added' ? 'success' : 'warning'}>
                  <BodyShort size="small" weight="semibold">
                    {t(`au.diff.${c.kind}` as MessageKey)}: {fieldLabel(c.path, t)}
                    {c.item ? ` – «${c.item}»` : ''}
                  </BodyShort>
                  {c.kind !== 'reordered' && (
                    <>
                      {c.before !== undefined && (
                        <BodyShort size="small">
                          <del>{c.beforeWords ?? (c.before === 'null' ? '–' : c.before)}</del>
                        </BodyShort>
                      )}
                      {c.after !== undefined && (
                        <BodyShort size="small">
                          <ins>{c.afterWords ?? (c.after === 'null' ? '–' : c.after)}</ins>
                        </BodyShort>
                      )}
                    </>
                  )}
                </Box>
              ))}
            </VStack>
          )}
        </VStack>
      )}
      <Heading level="2" size="medium">
        {t('au.events')}
      </Heading>
      <ul>
        {topic.history.map((h, i) => (
          <li key={i}>
            <BodyShort size="small">
              {when(h.at)} · {h.version} {t(`au.event.${h.action}` as MessageKey)}
              {h.by ? ` · ${h.by}` : ''}
              {h.note ? ` – ${h.note}` : ''}
            </BodyShort>
          </li>
        ))}
      </ul>
    </VStack>
  );
}
