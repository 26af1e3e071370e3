import { Alert, BodyShort, Detail, Heading, HStack, Loader, Select, Table, Tag, VStack } from '@navikt/ds-react';
import { useEffect, useMemo, useState } from 'react';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { REFERRAL_STATUSES } from '../../shared/api/assessment.ts';
import { MY_REFERRALS_PAGE_SIZE, type MyReferralsPage } from '../../shared/api/referrals.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { Pager } from '../app/Pager.tsx';
import { AppLink, useRoute } from '../app/router.tsx';
import { ratingVariant } from './advice-view.ts';
import { myListFromUrl, myListUrl, statusWords, type MyListState } from './list-state.ts';
import { EndReferralButton } from '../assessment/EndReferralDialog.tsx';
import { ListSearch } from '../app/ListSearch.tsx';
import './referral-list.css';
import { osloDate } from '../app/oslo-time.ts';

const PAGE_SIZE = MY_REFERRALS_PAGE_SIZE;

/**
 * The referrer's own referrals, newest first, a page at a time (GET /api/referrals/mine, with the
 * total: "Viser 1–25 av 412"), searchable by patient name, fødselsnummer or referral number (the
 * vetting inbox's search) and filterable by status: who, what, where it stands and when it was
 * sent first, where it went and the withdraw button (six columns that fit a 1,280-px screen; a
 * short card a row on a phone). The exam is named, not coded: a referrer picks exams by name. (The department's vetting inbox is
 * src/web/assessment/InboxPage.tsx.) Search, status and page live in the URL's query string
 * (list-state.ts): reload, "back" from a referral and a shared link show the same list.
 */
export function ReferralListPage() {
  const { t, locale } = useApp();
  /** The exam's name in the user's language (the catalogue's English name when there is one). */
  const examName = (r: { exam_name: string; exam_name_en?: string | null }) => (locale === 'en' && r.exam_name_en ? r.exam_name_en : r.exam_name);
  const [data, setData] = useState<MyReferralsPage | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const { search, replaceSearch } = useRoute();
  const state = useMemo(() => myListFromUrl(search, PAGE_SIZE), [search]);
  const { q, status, offset } = state;
  const [searchText, setSearchText] = useState(q);
  const set = (patch: Partial<MyListState>) => replaceSearch(myListUrl({ ...state, offset: 0, ...patch }, PAGE_SIZE));
  // The URL is the state: write back what was read (drops invalid values).
  useEffect(() => replaceSearch(myListUrl(state, PAGE_SIZE)), [state, replaceSearch]);
  useEffect(() => setSearchText(q), [q]);
  useEffect(() => {
    let live = true;
    setError(null);
    const params = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
    if (q.trim()) params.set('q', q.trim());
    if (status) params.set('status', status);
    get<MyReferralsPage>(`/api/referrals/mine?${params.toString()}`)
      .then((d) => {
        if (!live) return;
        // A page past the end (an old link, a list that shrank): show the last page instead.
        if (d.rows.length === 0 && offset > 0 && d.total > 0)
          replaceSearch(myListUrl({ q, status, offset: Math.floor((d.total - 1) / PAGE_SIZE) * PAGE_SIZE }, PAGE_SIZE));
        else setData(d);
      })
      .catch((e: unknown) => live && setError(requestErrorKey(e)));
    return () => {
      live = false;
    };
  }, [q, status, offset, replaceSearch, reload]);
  const rows = data?.rows ?? null;
  const total = data?.total ?? 0;
  const filtered = q.trim() !== '' || status !== '';
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('ref.mine')}
      </Heading>
      <HStack gap="space-16" align="end" wrap>
        <ListSearch text={searchText} onText={setSearchText} onSearch={(q) => set({ q })} />
        <Select size="small" label={t('ref.status')} value={status} onChange={(e) => set({ status: e.target.value })}>
          <option value="">{t('ref.allStatuses')}</option>
          {REFERRAL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`asm.status.${s}` as MessageKey)}
            </option>
          ))}
        </Select>
      </HStack>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {withdrawn && (
        <Alert variant="success" role="status">
          {t('ref.list.withdrawn', { name: withdrawn })}
        </Alert>
      )}
      {!rows && !error && (
        <HStack justify="center" padding="space-16">
          <Loader size="large" title={t('app.loading')} />
        </HStack>
      )}
      {rows?.length === 0 && total === 0 && !filtered && (
        <BodyShort>
          {t('ref.none')} <AppLink to="/referrals/new">{t('nav.newReferral')}</AppLink>
        </BodyShort>
      )}
      {rows?.length === 0 && (total > 0 || filtered) && <BodyShort>{t('ref.noMatch')}</BodyShort>}
      {rows && rows.length > 0 && (
        <BodyShort size="small" aria-live="polite">
          {t('asm.page', { from: offset + 1, to: offset + rows.length, total })}
        </BodyShort>
      )}
      {rows && rows.length > 0 && (
        // Six columns, so the table fits a 1,280-px screen with the withdraw button in view (nine did
        // not: nc25 put them in a sideways-scrolling box, which hid the button behind the edge). The
        // exam cell carries what the referrer wrote and chose (urgency when not routine, the advice's
        // rating, the clinical question); the box still scrolls on a narrower tablet. On a phone
        // (≤ 48rem) each row is a short card: patient, exam with its tags, status, sent date, action —
        // the question and the receiver are on the referral's own page.
        <div className="rv-table-scroll">
          <Table size="small" className="rv-card-table ref-mine">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell scope="col">{t('ref.patient')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('ref.exam')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('ref.status')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('ref.sentOn')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('ref.department')}</Table.HeaderCell>
                {/* Named by aria-label, not a visually hidden span: that span is absolutely positioned and would
                  escape the table's sideways-scrolling box on a phone (app.css), widening the page. */}
                <Table.HeaderCell scope="col" aria-label={t('ref.actions')} />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {rows.map((r) => (
                <Table.Row key={r.id}>
                  <Table.DataCell className="rv-card-lead">
                    <AppLink to={`/referrals/${encodeURIComponent(r.id)}`}>
                      {r.given_name} {r.family_name}
                    </AppLink>
                    {r.patient_age !== null ? ` (${r.patient_age})` : ''}
                  </Table.DataCell>
                  <Table.DataCell className="ref-mine-exam">
                    <HStack gap="space-4" align="center" wrap>
                      <span>{examName(r)}</span>
                      {r.urgency !== 'routine' && (
                        <Tag size="small" variant={r.urgency === 'emergency' ? 'error' : r.urgency === 'urgent' ? 'warning' : 'neutral'}>
                          {t(`ref.urgency.${r.urgency}` as MessageKey)}
                        </Tag>
                      )}
                      {r.rating && (
                        <Tag size="small" variant={ratingVariant(r.rating)}>
                          {`${t('ref.advice')}: ${t(`ref.rating.${r.rating}` as MessageKey)}`}
                        </Tag>
                      )}
                    </HStack>
                    {r.clinical_question && (
                      <Detail className="ref-mine-question" textColor="subtle">
                        {r.clinical_question}
                      </Detail>
                    )}
                  </Table.DataCell>
                  <Table.DataCell className="ref-mine-status">
                    <StatusWords row={r} />
                  </Table.DataCell>
                  <Table.DataCell className="rv-nowrap" data-label={t('ref.sentOn')}>
                    {osloDate(r.submitted_at, locale, 'short')}
                  </Table.DataCell>
                  <Table.DataCell className="ref-mine-receiver">{r.department_name}</Table.DataCell>
                  <Table.DataCell className={r.may_withdraw ? undefined : 'rv-card-empty'}>
                    {r.may_withdraw && (
                      <EndReferralButton
                        referralId={r.id}
                        version={r.version}
                        mode="withdraw"
                        label={t('ref.withdrawFor', { name: `${r.given_name} ${r.family_name}`, exam: examName(r) })}
                        onDone={() => {
                          setWithdrawn(`${r.given_name} ${r.family_name}`);
                          setReload((n) => n + 1);
                        }}
                      />
                    )}
                  </Table.DataCell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <Pager offset={offset} rows={rows?.length ?? 0} pageSize={PAGE_SIZE} total={total} onPage={(o) => set({ offset: o })} showRange={false} />
    </VStack>
  );
}

/** The status in words; a referral ended without an exam says by whom and why (list-state.ts statusWords). */
function StatusWords({ row }: { row: MyReferralsPage['rows'][number] }) {
  const { t } = useApp();
  const w = statusWords(row);
  return (
    <>
      {t(w.key)}
      {w.reasonKey && <Detail>{t(w.reasonKey)}</Detail>}
    </>
  );
}
