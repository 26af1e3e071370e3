// The vetting inbox (vurderingsinnboks): open referrals of the user's departments, or the regional
// joint inbox, earliest deadline first; search, filters, paging and keyboard navigation
// (j/k or arrows, Enter opens, / searches). Users see names and plain Norwegian, never codes.
// Search, filters and page live in the URL's query string (?q=…&deadline=overdue&page=3), so a
// reload, "back" from an opened referral and a shared link show the same list.
import { Alert, BodyLong, BodyShort, Button, Detail, Heading, HGrid, HStack, Select, Table, Tag, ToggleGroup, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { InboxOptions, InboxPage as InboxPageData } from '../../shared/api/assessment.ts';
import { DEADLINE_STATES, URGENCIES } from '../../shared/api/assessment.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { modalityName } from '../app/modality-name.ts';
import { Pager } from '../app/Pager.tsx';
import { AppLink, useRoute } from '../app/router.tsx';
import { ratingVariant, type Rating } from '../referrals/advice-view.ts';
import {
  daysLeftMessage,
  deadlineVariant,
  EMPTY_FILTERS,
  formatFnr,
  inboxQueryString,
  inboxStateFromUrl,
  inboxUrl,
  listKeyAction,
  placeName,
  type InboxFilters,
} from './inbox-view.ts';
import './assessment.css';
import { ListSearch } from '../app/ListSearch.tsx';
import { osloDayMonth } from '../app/oslo-time.ts';

const PAGE_SIZE = 25;

export function InboxPage() {
  const { t, locale } = useApp();
  const { navigate, search, replaceSearch } = useRoute();
  const { filters, offset } = useMemo(() => inboxStateFromUrl(search, PAGE_SIZE), [search]);
  const [searchText, setSearchText] = useState(filters.q);
  const [data, setData] = useState<InboxPageData | null>(null);
  const [options, setOptions] = useState<InboxOptions | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [focus, setFocus] = useState(0);
  const rowRefs = useRef<(HTMLTableRowElement | null)[]>([]);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const moved = useRef(false);

  // The URL is the state: write back what was read (drops invalid values, so the address shows what the list shows).
  useEffect(() => replaceSearch(inboxUrl(filters, offset, PAGE_SIZE)), [filters, offset, replaceSearch]);
  // The search field follows the URL (back, a shared link), not every keystroke.
  useEffect(() => setSearchText(filters.q), [filters.q]);

  useEffect(() => {
    void get<InboxOptions>(`/api/assessment/inbox/options${filters.scope === 'joint' ? '?scope=joint' : ''}`)
      .then(setOptions)
      .catch(() => setOptions(null));
  }, [filters.scope]);

  useEffect(() => {
    let live = true;
    setError(null);
    get<InboxPageData>(`/api/assessment/inbox${inboxQueryString(filters, { limit: PAGE_SIZE, offset })}`)
      .then((d) => {
        if (!live) return;
        // A page past the end (an old link, a list that shrank): show the last page instead.
        if (d.rows.length === 0 && offset > 0 && d.total > 0) {
          replaceSearch(inboxUrl(filters, Math.floor((d.total - 1) / PAGE_SIZE) * PAGE_SIZE, PAGE_SIZE));
          return;
        }
        setData(d);
        setFocus(0);
      })
      .catch((e: unknown) => live && setError(requestErrorKey(e)));
    return () => {
      live = false;
    };
  }, [filters, offset]);

  useEffect(() => {
    if (moved.current) rowRefs.current[focus]?.focus();
    moved.current = false;
  }, [focus, data]);

  const set = (patch: Partial<InboxFilters>) => replaceSearch(inboxUrl({ ...filters, ...patch }, 0, PAGE_SIZE));
  const setOffset = (o: number) => replaceSearch(inboxUrl(filters, o, PAGE_SIZE));
  const open = useCallback((id: string) => navigate(`/inbox/${encodeURIComponent(id)}`), [navigate]);

  const onKeyDown = (e: KeyboardEvent<HTMLTableSectionElement>) => {
    const rows = data?.rows ?? [];
    const a = listKeyAction(e.key, focus, rows.length, e.altKey || e.ctrlKey || e.metaKey);
    if (a.kind === 'none') return;
    e.preventDefault();
    if (a.kind === 'move') {
      moved.current = true;
      setFocus(a.index);
    } else if (a.kind === 'open') open(rows[a.index].id);
    else searchRef.current?.focus();
  };

  // The keys the page names work from anywhere on it, as N does on the reading worklist: j or k
  // outside the list puts the focus on its current row (was: only after tabbing through the menu
  // and every filter, some 25 presses), / goes to the search. Typing in a field is left alone.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || target.closest('input, textarea, select, tbody, [role="menu"]')) return;
      if (e.key === 'j' || e.key === 'k') {
        const row = rowRefs.current[focus];
        if (!row) return;
        e.preventDefault();
        row.focus();
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focus]);

  const fmtDate = (iso: string | null) => osloDayMonth(iso, locale);
  const departments = options?.departments ?? [];
  const total = data?.total ?? 0;
  const emptyUnfiltered =
    !!data && data.total === 0 && (Object.keys(EMPTY_FILTERS) as (keyof typeof EMPTY_FILTERS)[]).every((k) => k === 'scope' || filters[k] === EMPTY_FILTERS[k]);

  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('asm.inbox.title')}
      </Heading>
      <BodyLong>{t('asm.inbox.intro')}</BodyLong>
      {options?.jointAvailable && (
        <ToggleGroup
          size="small"
          label={t('asm.scope')}
          value={filters.scope}
          onChange={(v) => set({ scope: v as InboxFilters['scope'], department: '', site: '' })}
        >
          <ToggleGroup.Item value="department" label={t('asm.scope.department')} />
          <ToggleGroup.Item value="joint" label={t('asm.scope.joint')} />
        </ToggleGroup>
      )}
      <ListSearch ref={searchRef} text={searchText} onText={setSearchText} onSearch={(q) => set({ q })} />
      <HGrid columns={{ xs: 2, md: 3, lg: 6 }} gap="space-8" align="end">
        <Select size="small" label={t('asm.filter.deadline')} value={filters.deadline} onChange={(e) => set({ deadline: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {DEADLINE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`asm.deadline.${s}` as MessageKey)}
            </option>
          ))}
        </Select>
        <Select size="small" label={t('asm.filter.urgency')} value={filters.urgency} onChange={(e) => set({ urgency: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {URGENCIES.map((u) => (
            <option key={u} value={u}>
              {t(`ref.urgency.${u}` as MessageKey)}
            </option>
          ))}
        </Select>
        <Select size="small" label={t('asm.filter.modality')} value={filters.modality} onChange={(e) => set({ modality: e.target.value, exam: '' })}>
          <option value="">{t('asm.filter.all')}</option>
          {[...new Set((options?.exams ?? []).map((x) => x.modality))].sort().map((m) => (
            <option key={m} value={m}>
              {modalityName(t, m)}
            </option>
          ))}
        </Select>
        <Select size="small" label={t('asm.filter.exam')} value={filters.exam} onChange={(e) => set({ exam: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {(options?.exams ?? [])
            .filter((x) => !filters.modality || x.modality === filters.modality)
            .map((x) => (
              <option key={x.code} value={x.code}>
                {x.name}
              </option>
            ))}
        </Select>
        <Select size="small" label={t('asm.filter.site')} value={filters.site} onChange={(e) => set({ site: e.target.value, department: '' })}>
          <option value="">{t('asm.filter.all')}</option>
          {(options?.sites ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Select size="small" label={t('asm.filter.department')} value={filters.department} onChange={(e) => set({ department: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {departments
            .filter((d) => !filters.site || d.siteId === filters.site)
            .map((d) => (
              <option key={d.id} value={d.id}>
                {placeName(d.name, d.siteName)}
              </option>
            ))}
        </Select>
      </HGrid>
      <HStack gap="space-8" align="center" justify="space-between">
        <HStack gap="space-8" align="center">
          {filters.referrer && (
            <Tag size="small" variant="info">
              {t('asm.filter.referrer')}:{' '}
              {options?.referrers.find((r) => r.id === filters.referrer)?.name ?? data?.rows.find((r) => r.referrerId === filters.referrer)?.referrerName}
            </Tag>
          )}
          <Button
            size="xsmall"
            variant="tertiary"
            onClick={() => {
              setSearchText('');
              set({ ...EMPTY_FILTERS, scope: filters.scope });
            }}
          >
            {t('asm.filter.clear')}
          </Button>
        </HStack>
        <BodyShort size="small" aria-live="polite">
          {data ? (total === 1 ? t('asm.count.one') : t('asm.count', { total })) : t('app.loading')}
        </BodyShort>
      </HStack>
      <Detail className="rv-wide-only">{t('asm.inbox.keys')}</Detail>
      <Detail className="rv-narrow-only">{t('asm.inbox.swipe')}</Detail>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {/* Nothing waiting and nothing chosen: say what the inbox is for, not an empty table. */}
      {emptyUnfiltered && <BodyLong>{t('asm.none.all')}</BodyLong>}
      {/* Scrolls inside its own box above phone width instead of widening the page (1,141 px on a 1,024-px screen, nc25). */}
      <div className="rv-table-scroll">
        <Table size="small" className="asm-inbox rv-card-table" hidden={emptyUnfiltered}>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('asm.col.deadline')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.patient')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.exam')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.question')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.urgency')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.advice')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.referrer')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('asm.col.where')}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body onKeyDown={onKeyDown}>
            {data?.rows.length === 0 && (
              <Table.Row>
                <Table.DataCell colSpan={8}>{t('asm.none')}</Table.DataCell>
              </Table.Row>
            )}
            {data?.rows.map((r, i) => {
              const left = r.workingDaysLeft === null ? null : daysLeftMessage(r.workingDaysLeft);
              return (
                <Table.Row
                  key={r.id}
                  ref={(el: HTMLTableRowElement | null) => {
                    rowRefs.current[i] = el;
                  }}
                  tabIndex={i === focus ? 0 : -1}
                  className="asm-row"
                  aria-label={t('asm.open', { name: r.patientName })}
                  onFocus={() => setFocus(i)}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a,button')) return;
                    open(r.id);
                  }}
                >
                  <Table.DataCell data-label={t('asm.col.deadline')}>
                    <VStack gap="space-4">
                      <Tag size="small" variant={deadlineVariant(r.deadlineState)}>
                        {left ? t(left.key, left.vars) : '–'}
                      </Tag>
                      <Detail>{fmtDate(r.assessmentDueDate)}</Detail>
                    </VStack>
                  </Table.DataCell>
                  <Table.DataCell className="rv-card-lead">
                    <AppLink to={`/inbox/${encodeURIComponent(r.id)}`}>{r.patientName}</AppLink>
                    <Detail>
                      <span className="rv-nowrap">{formatFnr(r.fnr)}</span>
                      {r.patientAge !== null ? ` · ${t('asm.age', { age: r.patientAge })}` : ''}
                    </Detail>
                  </Table.DataCell>
                  <Table.DataCell data-label={t('asm.col.exam')}>
                    {r.examName}
                    <Detail>{t('asm.referralNumber', { n: r.referralNumber })}</Detail>
                  </Table.DataCell>
                  <Table.DataCell className="asm-question" data-label={t('asm.col.question')}>
                    {r.clinicalQuestion}
                  </Table.DataCell>
                  <Table.DataCell data-label={t('asm.col.urgency')}>{t(`ref.urgency.${r.urgency}` as MessageKey)}</Table.DataCell>
                  <Table.DataCell data-label={t('asm.col.advice')}>
                    {r.rating ? (
                      <Tag size="small" variant={ratingVariant(r.rating as Rating)}>
                        {t(`ref.rating.${r.rating}` as MessageKey)}
                      </Tag>
                    ) : (
                      '–'
                    )}
                  </Table.DataCell>
                  <Table.DataCell data-label={t('asm.col.referrer')}>
                    <Button size="xsmall" variant="tertiary" className="asm-referrer" onClick={() => set({ referrer: r.referrerId })}>
                      {r.referrerName}
                    </Button>
                    <Detail>{r.referrerOrganization}</Detail>
                  </Table.DataCell>
                  <Table.DataCell data-label={t('asm.col.where')}>
                    {r.departmentName}
                    {r.siteName && !r.departmentName.includes(r.siteName) && <Detail>{r.siteName}</Detail>}
                    {r.shared && (
                      <Tag size="xsmall" variant="alt1">
                        {t('asm.shared')}
                      </Tag>
                    )}
                    <Detail>
                      {t('asm.col.received')} {fmtDate(r.submittedAt)}
                    </Detail>
                  </Table.DataCell>
                </Table.Row>
              );
            })}
          </Table.Body>
        </Table>
      </div>
      <Pager offset={offset} rows={data?.rows.length ?? 0} pageSize={PAGE_SIZE} total={total} onPage={setOffset} />
    </VStack>
  );
}
