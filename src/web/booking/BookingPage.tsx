// The booking page for secretaries and radiographers: accepted referrals to book (by priority and
// due date) → free times → book (one exam, or all of a patient's exams on one trip); a day plan per
// machine with move and cancel; and the machines' opening hours, which the department leader edits.
import { Alert, BodyShort, Box, Button, Detail, Heading, HGrid, HStack, Loader, Select, Tabs, Tag, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { DEADLINE_STATES } from '../../shared/api/assessment.ts';
import { QUEUE_PAGE_SIZE, type QueueOptions } from '../../shared/api/booking.ts';
import { modalityName } from '../app/modality-name.ts';
import { Pager } from '../app/Pager.tsx';
import { useRoute } from '../app/router.tsx';
import { listKeyAction, formatFnr } from '../assessment/inbox-view.ts';
import { EMPTY_QUEUE_FILTERS, queueApiQuery, queueStateFromUrl, queueUrl, type QueueFilters } from './queue-state.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import type {
  Booking,
  DicomCharacterSet,
  Machine,
  MachineDay,
  Queue,
  ReferralToBook,
  Shift,
  Slot,
  Suggestions,
  Trip,
  TripBooking,
} from '../../shared/api/booking.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { Loading } from '../app/Loading.tsx';
import { DateField } from '../app/DateField.tsx';
import { useLatestRequest } from '../app/latest-request.ts';
import { requestErrorKey } from '../app/errors.ts';
import { calendarDay, osloDateTime, osloToday } from '../app/oslo-time.ts';
import { priorityKey } from './format.ts';
import './booking.css';
import { placeLabel } from '../../shared/booking-place.ts';
import { EndReferralButton } from '../assessment/EndReferralDialog.tsx';
import { ListSearch } from '../app/ListSearch.tsx';
import { AfterEndAlerts, AfterEndWarningsPanel } from './AfterEndAlerts.tsx';
import { DepartmentAlertsPanel } from '../notifications/DepartmentAlerts.tsx';

export function BookingPage() {
  const { t } = useApp();
  return (
    <VStack gap="space-16">
      <Heading level="1" size="large">
        {t('booking.title')}
      </Heading>
      <DepartmentAlertsPanel />
      <AfterEndWarningsPanel />
      <Tabs defaultValue="queue">
        <Tabs.List>
          <Tabs.Tab value="queue" label={t('booking.tab.queue')} />
          <Tabs.Tab value="day" label={t('booking.tab.day')} />
          <Tabs.Tab value="hours" label={t('booking.tab.hours')} />
        </Tabs.List>
        <Tabs.Panel value="queue">
          <QueueTab />
        </Tabs.Panel>
        <Tabs.Panel value="day">
          <DayTab />
        </Tabs.Panel>
        <Tabs.Panel value="hours">
          <HoursTab />
        </Tabs.Panel>
      </Tabs>
    </VStack>
  );
}

/** A message key for a failed booking request: taken, outside hours, stale, or the general ones. */
function bookingErrorKey(e: unknown): MessageKey {
  if (e instanceof ApiError) {
    const field = e.fields[0]?.message;
    if (field === 'taken') return 'booking.taken';
    if (field === 'stale' || field === 'not-accepted') return 'booking.changed';
    if (e.status === 422) return 'booking.outside';
  }
  return requestErrorKey(e);
}

const QUEUE_PAGE = QUEUE_PAGE_SIZE;

/**
 * "Venter på time": the accepted referrals to book, a page at a time, by the priority's deadline —
 * searchable and filterable as the vetting inbox (same search, same keys: j/k or arrows move
 * between cards, Enter opens the free times, / goes to the search). Search, filters and page live
 * in the URL (queue-state.ts), so a reload or a shared link shows the same queue.
 */
function QueueTab() {
  const { t, locale } = useApp();
  const { search, replaceSearch } = useRoute();
  const { filters, offset } = useMemo(() => queueStateFromUrl(search, QUEUE_PAGE), [search]);
  const [searchText, setSearchText] = useState(filters.q);
  const [queue, setQueue] = useState<Queue | null>(null);
  const [options, setOptions] = useState<QueueOptions | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [done, setDone] = useState<{ text: string; stepIds: string[] } | null>(null);
  const [focus, setFocus] = useState(0);
  const [reload, setReload] = useState(0);
  const cardRefs = useRef<(HTMLLIElement | null)[]>([]);
  const searchRef = useRef<HTMLInputElement | null>(null);
  const moved = useRef(false);

  useEffect(() => replaceSearch(queueUrl(filters, offset, QUEUE_PAGE)), [filters, offset, replaceSearch]);
  useEffect(() => setSearchText(filters.q), [filters.q]);
  useEffect(() => {
    void get<QueueOptions>('/api/booking/queue/options')
      .then(setOptions)
      .catch(() => setOptions(null));
  }, [reload]);
  useEffect(() => {
    let live = true;
    setError(null);
    get<Queue>(`/api/booking/queue${queueApiQuery(filters, { limit: QUEUE_PAGE, offset })}`)
      .then((q) => {
        if (!live) return;
        // A page past the end (an old link, a queue that shrank as referrals were booked): the last page.
        if (q.items.length === 0 && offset > 0 && q.total > 0) {
          replaceSearch(queueUrl(filters, Math.floor((q.total - 1) / QUEUE_PAGE) * QUEUE_PAGE, QUEUE_PAGE));
          return;
        }
        setQueue(q);
        setFocus((f) => Math.min(f, Math.max(0, q.items.length - 1)));
      })
      .catch((e: unknown) => live && setError(requestErrorKey(e)));
    return () => {
      live = false;
    };
  }, [filters, offset, reload, replaceSearch]);
  useEffect(() => {
    if (moved.current) cardRefs.current[focus]?.focus();
    moved.current = false;
  }, [focus, queue]);

  const load = useCallback(() => setReload((n) => n + 1), []);
  const set = (patch: Partial<QueueFilters>) => {
    setOpen(null);
    setFocus(0);
    replaceSearch(queueUrl({ ...filters, ...patch }, 0, QUEUE_PAGE));
  };
  const booked = (text: string, stepIds: string[]) => {
    setDone({ text, stepIds });
    setOpen(null);
    load();
  };

  // Keys on a card (not inside its buttons or the free times): the vetting inbox's keys.
  const onCardKey = (e: KeyboardEvent<HTMLLIElement>, i: number) => {
    if (e.target !== e.currentTarget) return;
    const items = queue?.items ?? [];
    const a = listKeyAction(e.key, i, items.length, e.altKey || e.ctrlKey || e.metaKey);
    if (a.kind === 'none') return;
    e.preventDefault();
    if (a.kind === 'move') {
      moved.current = true;
      setFocus(a.index);
    } else if (a.kind === 'open') {
      setDone(null);
      setOpen(open === items[a.index].id ? null : items[a.index].id);
    } else searchRef.current?.focus();
  };
  // j / k from anywhere on the page put the focus on the current card; / goes to the search (typing in a field is left alone).
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || target.closest('input, textarea, select, .booking-card, [role="dialog"]')) return;
      if (e.key === 'j' || e.key === 'k') {
        const card = cardRefs.current[focus];
        if (!card) return;
        e.preventDefault();
        card.focus();
      } else if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focus]);

  const total = queue?.total ?? 0;
  const items = queue?.items ?? [];
  return (
    <VStack gap="space-12" className="booking-tab">
      <BodyShort>{t('booking.intro')}</BodyShort>
      <ListSearch ref={searchRef} text={searchText} onText={setSearchText} onSearch={(q) => set({ q })} />
      <HGrid columns={{ xs: 2, md: 3, lg: 5 }} gap="space-8" align="end">
        <Select size="small" label={t('asm.filter.deadline')} value={filters.deadline} onChange={(e) => set({ deadline: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {DEADLINE_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`asm.deadline.${s}` as MessageKey)}
            </option>
          ))}
        </Select>
        <Select size="small" label={t('booking.priority')} value={filters.priority} onChange={(e) => set({ priority: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {(options?.priorities ?? []).map((p) => (
            <option key={p.code} value={p.code}>
              {p.label[locale]}
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
        <Select size="small" label={t('asm.filter.site')} value={filters.site} onChange={(e) => set({ site: e.target.value })}>
          <option value="">{t('asm.filter.all')}</option>
          {(options?.sites ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </HGrid>
      <HStack gap="space-8" align="center" justify="space-between">
        <BodyShort weight="semibold" aria-live="polite">
          {!queue ? t('app.loading') : total === 0 ? t('booking.none') : total === 1 ? t('booking.count.one') : t('booking.count', { count: total })}
        </BodyShort>
        <Button
          size="xsmall"
          variant="tertiary"
          onClick={() => {
            setSearchText('');
            set(EMPTY_QUEUE_FILTERS);
          }}
        >
          {t('asm.filter.clear')}
        </Button>
      </HStack>
      <Detail className="rv-wide-only">{t('booking.keys')}</Detail>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {done && (
        <Alert variant="success" role="status">
          <VStack gap="space-4">
            <span>{done.text}</span>
            {done.stepIds.map((id) => (
              <HStack gap="space-8" key={id}>
                <a href={`/api/booking/steps/${id}/letter?lang=nb`} target="_blank" rel="noreferrer">
                  {t('booking.letterNb')}
                </a>
                <a href={`/api/booking/steps/${id}/letter?lang=nn`} target="_blank" rel="noreferrer">
                  {t('booking.letterNn')}
                </a>
              </HStack>
            ))}
          </VStack>
        </Alert>
      )}
      <ul className="booking-list" aria-label={t('booking.tab.queue')}>
        {items.map((r, i) => (
          <li
            key={r.id}
            ref={(el) => {
              cardRefs.current[i] = el;
            }}
            className="booking-card"
            tabIndex={i === focus ? 0 : -1}
            aria-label={t('booking.card', { name: r.patientName, exam: r.examName })}
            onFocus={(e) => e.target === e.currentTarget && setFocus(i)}
            onKeyDown={(e) => onCardKey(e, i)}
          >
            <ReferralSummary r={r} />
            <HStack gap="space-8" wrap>
              <Button
                size="small"
                variant={open === r.id ? 'secondary' : 'primary'}
                aria-expanded={open === r.id}
                onClick={() => {
                  setDone(null);
                  setFocus(i);
                  setOpen(open === r.id ? null : r.id);
                }}
              >
                {open === r.id ? t('booking.close') : t('booking.findTime')}
              </Button>
              {/* Every referral in the queue is the caller's department's to book, so theirs to close (assessment/closing.ts). */}
              <EndReferralButton referralId={r.id} version={r.version} mode="close" onDone={() => booked(t('asm.close.done'), [])} />
            </HStack>
            {open === r.id && <SlotPicker referral={r} locale={locale} onBooked={booked} onStale={load} />}
          </li>
        ))}
      </ul>
      <Pager offset={offset} rows={items.length} pageSize={QUEUE_PAGE} total={total} onPage={(o) => replaceSearch(queueUrl(filters, o, QUEUE_PAGE))} />
    </VStack>
  );
}

function ReferralSummary({ r }: { r: ReferralToBook }) {
  const { t, locale } = useApp();
  const key = priorityKey(r.priorityCategory);
  return (
    <VStack gap="space-4">
      <BodyShort weight="semibold">
        {r.patientName} <span className="booking-muted rv-nowrap">{formatFnr(r.fnr)}</span>
      </BodyShort>
      <BodyShort>
        {r.examName}
        {r.siteName ? ` · ${r.siteName}` : ''} <span className="booking-muted rv-nowrap">· {t('asm.referralNumber', { n: r.referralNumber })}</span>
      </BodyShort>
      <HStack gap="space-8" wrap>
        <Tag size="small" variant={r.priorityCategory === 'emergency' ? 'error' : r.priorityCategory === 'cancer_pathway' ? 'warning' : 'neutral'}>
          {r.priorityLabel ? r.priorityLabel[locale] : t(key)}
        </Tag>
        <Tag size="small" variant={r.deadlineState === 'overdue' ? 'error' : r.deadlineState === 'due_soon' ? 'warning' : 'info'}>
          {r.examDueDate ? t('booking.dueDate', { date: calendarDay(r.examDueDate, locale) }) : t('booking.noDue')}
          {r.deadlineState === 'overdue' ? ` – ${t('booking.overdue')}` : ''}
        </Tag>
        {r.otherAccepted > 0 && (
          <Tag size="small" variant="alt1">
            {t('booking.more')}
          </Tag>
        )}
        {r.stoppedAtModality && (
          <Tag size="small" variant="warning">
            {t('booking.stopped', {
              date: osloDateTime(r.stoppedAtModality.at, locale, 'short'),
            })}
          </Tag>
        )}
      </HStack>
      {r.stoppedAtModality?.reason && <BodyShort size="small">{t('booking.stoppedReason', { reason: r.stoppedAtModality.reason })}</BodyShort>}
    </VStack>
  );
}

function SlotPicker({
  referral,
  locale,
  onBooked,
  onStale,
}: {
  referral: ReferralToBook;
  locale: 'nb' | 'en';
  onBooked: (text: string, stepIds: string[]) => void;
  onStale: () => void;
}) {
  const { t } = useApp();
  const [s, setS] = useState<Suggestions | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<Suggestions>(`/api/booking/referrals/${encodeURIComponent(referral.id)}?count=12`)
      .then(setS)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [referral.id]);

  const when = (x: { date: string; start: string; end: string }) => t('booking.at', { date: calendarDay(x.date, locale), start: x.start, end: x.end });

  const book = async (slot: Slot) => {
    setBusy(true);
    setError(null);
    try {
      const b = await api<Booking>('POST', `/api/booking/referrals/${encodeURIComponent(referral.id)}/book`, {
        version: s?.referral.version ?? referral.version,
        modalityId: slot.modalityId,
        date: slot.date,
        start: slot.start,
      });
      onBooked(t('booking.booked', { when: when(b), place: placeLabel(slot.machineName, slot.siteName) }), [b.stepId]);
    } catch (e) {
      const key = bookingErrorKey(e);
      setError(key);
      if (key === 'booking.changed') onStale();
    } finally {
      setBusy(false);
    }
  };

  const bookTrip = async (trip: Trip) => {
    if (!s) return;
    setBusy(true);
    setError(null);
    const versions = new Map([s.referral, ...s.others].map((r) => [r.id, r.version]));
    try {
      const res = await api<TripBooking>('POST', '/api/booking/trips', {
        items: trip.items.map((i) => ({
          referralId: i.referralId,
          version: versions.get(i.referralId) ?? 1,
          modalityId: i.modalityId,
          date: i.date,
          start: i.start,
        })),
      });
      onBooked(
        t('booking.tripBooked', { date: calendarDay(trip.date, locale) }),
        res.bookings.map((b) => b.stepId),
      );
    } catch (e) {
      setError(bookingErrorKey(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box className="booking-panel" padding="space-12" borderRadius="8" background="neutral-soft">
      <VStack gap="space-12">
        {error && <Alert variant="warning">{t(error)}</Alert>}
        {!s && !error && <Loader size="small" title={t('app.loading')} />}
        {s && s.trips.length > 0 && (
          <VStack gap="space-8">
            <Heading level="3" size="xsmall">
              {t('booking.trips')}
            </Heading>
            <BodyShort size="small">{t('booking.tripsIntro')}</BodyShort>
            {s.trips.map((trip) => (
              <Box key={`${trip.date}-${trip.siteId}`} padding="space-8" borderWidth="1" borderRadius="4" borderColor="neutral-subtle">
                <VStack gap="space-4">
                  <BodyShort weight="semibold">
                    {calendarDay(trip.date, locale)}, {trip.siteName}
                  </BodyShort>
                  {trip.items.map((i) => (
                    <BodyShort key={i.referralId} size="small">
                      {i.start}–{i.end} {i.examName} ({i.machineName})
                    </BodyShort>
                  ))}
                  <div>
                    <Button size="small" variant="secondary" disabled={busy} onClick={() => void bookTrip(trip)}>
                      {t('booking.bookTrip', { count: trip.items.length })}
                    </Button>
                  </div>
                </VStack>
              </Box>
            ))}
          </VStack>
        )}
        {s && (
          <Heading level="3" size="xsmall">
            {t('booking.suggested')}
          </Heading>
        )}
        {s && s.slots.length === 0 && <BodyShort>{t('booking.noSlots')}</BodyShort>}
        <ul className="booking-slots">
          {s?.slots.map((slot) => (
            <li key={`${slot.modalityId}-${slot.date}-${slot.start}`}>
              <Button
                size="small"
                variant="tertiary"
                disabled={busy}
                aria-label={t('booking.bookSlot', { exam: referral.examName, when: `${when(slot)}, ${slot.machineName}` })}
                onClick={() => void book(slot)}
              >
                <span className="booking-slot-time">{when(slot)}</span> <span className="booking-muted">{slot.machineName}</span>
              </Button>
              {slot.late && (
                <Tag size="xsmall" variant="warning">
                  {t('booking.late')}
                </Tag>
              )}
            </li>
          ))}
        </ul>
      </VStack>
    </Box>
  );
}

function DayTab() {
  const { t, locale } = useApp();
  const [machines, setMachines] = useState<Machine[]>([]);
  const [machine, setMachine] = useState('');
  const [date, setDate] = useState(osloToday());
  const [day, setDay] = useState<MachineDay | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [action, setAction] = useState<{ kind: 'move' | 'cancel'; stepId: string } | null>(null);

  const [machinesLoading, setMachinesLoading] = useState(true);
  useEffect(() => {
    get<Machine[]>('/api/booking/machines')
      .then((m) => {
        setMachines(m);
        if (m[0]) setMachine(m[0].id);
      })
      .catch((e: unknown) => setError(requestErrorKey(e)))
      .finally(() => setMachinesLoading(false));
  }, []);
  const latest = useLatestRequest();
  const load = useCallback(() => {
    if (!machine || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return;
    latest(get<MachineDay>(`/api/booking/machines/${encodeURIComponent(machine)}/day?date=${date}`))
      .then((d) => {
        setDay(d);
        setError(null);
      })
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, [machine, date, latest]);
  useEffect(load, [load]);

  return (
    <VStack gap="space-12" className="booking-tab">
      <HStack gap="space-12" align="end" wrap>
        <Select label={t('booking.machine')} value={machine} onChange={(e) => setMachine(e.target.value)}>
          {machines.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name}
            </option>
          ))}
        </Select>
        <DateField label={t('booking.date')} value={date} onChange={setDate} />
      </HStack>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {notice && (
        <Alert variant="success" role="status">
          {t(notice)}
        </Alert>
      )}
      {/* While the day plan is on the way: "Laster …", not an empty page (ux27). */}
      {!error && (machine ? day === null : machinesLoading) && <Loading />}
      {day && (
        <VStack gap="space-8">
          <Heading level="2" size="small">
            {day.machine.name}, {calendarDay(day.date, locale)}
          </Heading>
          <BodyShort>
            {day.holiday
              ? t('booking.holiday')
              : day.open.length === 0
                ? t('booking.closedDay')
                : t('booking.open', { hours: day.open.map((w) => `${w.start}–${w.end}`).join(', ') })}
          </BodyShort>
          <AfterEndAlerts
            warnings={day.afterEnd}
            machineName={day.machine.name}
            onAcknowledged={() => {
              setNotice('booking.afterEnd.acked');
              load();
            }}
          />
          {day.steps.length === 0 && <BodyShort>{t('booking.noSteps')}</BodyShort>}
          <ul className="booking-list">
            {day.steps.map((s) => (
              <li key={s.stepId} className="booking-card">
                <HStack gap="space-12" justify="space-between" wrap>
                  <VStack gap="space-2">
                    <BodyShort weight="semibold">
                      {s.start}–{s.end} {s.patientName}
                    </BodyShort>
                    <BodyShort size="small">{s.examName}</BodyShort>
                  </VStack>
                  <HStack gap="space-8" align="center">
                    <Tag size="small" variant={s.status === 'scheduled' ? 'info' : 'neutral'}>
                      {t(`booking.status.${s.status}` as MessageKey)}
                    </Tag>
                    {s.status === 'scheduled' && (
                      <>
                        <Button size="small" variant="secondary" onClick={() => setAction({ kind: 'move', stepId: s.stepId })}>
                          {t('booking.move')}
                        </Button>
                        <Button size="small" variant="secondary-neutral" onClick={() => setAction({ kind: 'cancel', stepId: s.stepId })}>
                          {t('booking.cancel')}
                        </Button>
                      </>
                    )}
                  </HStack>
                </HStack>
                {action?.stepId === s.stepId && (
                  <StepAction
                    kind={action.kind}
                    step={s}
                    machineId={day.machine.id}
                    date={day.date}
                    onDone={(key) => {
                      setAction(null);
                      setNotice(key);
                      load();
                    }}
                    onClose={() => setAction(null)}
                  />
                )}
              </li>
            ))}
          </ul>
        </VStack>
      )}
    </VStack>
  );
}

function StepAction({
  kind,
  step,
  machineId,
  date,
  onDone,
  onClose,
}: {
  kind: 'move' | 'cancel';
  step: MachineDay['steps'][number];
  machineId: string;
  date: string;
  onDone: (key: MessageKey) => void;
  onClose: () => void;
}) {
  const { t } = useApp();
  const [reason, setReason] = useState('');
  const [newDate, setNewDate] = useState(date);
  const [newTime, setNewTime] = useState(step.start);
  const [error, setError] = useState<MessageKey | null>(null);
  const [tried, setTried] = useState(false);
  const submit = async () => {
    setTried(true);
    if (!reason.trim()) return;
    try {
      if (kind === 'move')
        await api('POST', `/api/booking/steps/${encodeURIComponent(step.stepId)}/reschedule`, {
          version: step.version,
          modalityId: machineId,
          date: newDate,
          start: newTime,
          reason: reason.trim(),
        });
      else await api('POST', `/api/booking/steps/${encodeURIComponent(step.stepId)}/cancel`, { version: step.version, reason: reason.trim() });
      onDone(kind === 'move' ? 'booking.moved' : 'booking.cancelled');
    } catch (e) {
      setError(bookingErrorKey(e));
    }
  };
  return (
    <Box className="booking-panel" padding="space-12" borderRadius="8" background="neutral-soft">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <VStack gap="space-8">
          <Heading level="3" size="xsmall">
            {t(kind === 'move' ? 'booking.moveTitle' : 'booking.cancelTitle', { name: step.patientName })}
          </Heading>
          {kind === 'move' && (
            <HStack gap="space-12" wrap>
              <DateField label={t('booking.date')} value={newDate} onChange={setNewDate} />
              <TextField label={t('booking.time')} type="time" step={300} value={newTime} onChange={(e) => setNewTime(e.target.value)} />
            </HStack>
          )}
          <TextField
            label={t('booking.reason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            error={tried && !reason.trim() ? t('booking.reasonRequired') : undefined}
            maxLength={500}
          />
          {error && <Alert variant="warning">{t(error)}</Alert>}
          <HStack gap="space-8">
            <Button size="small" type="submit">
              {t(kind === 'move' ? 'booking.confirmMove' : 'booking.confirmCancel')}
            </Button>
            <Button size="small" variant="tertiary" type="button" onClick={onClose}>
              {t('booking.close')}
            </Button>
          </HStack>
        </VStack>
      </form>
    </Box>
  );
}

function HoursTab() {
  const { t } = useApp();
  const [machines, setMachines] = useState<Machine[] | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const [savedText, setSavedText] = useState<string | null>(null);
  const load = useCallback(() => {
    get<Machine[]>('/api/booking/machines')
      .then(setMachines)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(load, [load]);
  return (
    <VStack gap="space-12" className="booking-tab">
      {error && <Alert variant="error">{t(error)}</Alert>}
      {notice && (
        <Alert variant="success" role="status">
          {t(notice)}
        </Alert>
      )}
      {savedText && (
        <Alert variant="success" role="status">
          {savedText}
        </Alert>
      )}
      <ul className="booking-list">
        {machines?.map((m) => (
          <li key={m.id} className="booking-card">
            <VStack gap="space-8">
              <Heading level="2" size="xsmall">
                {m.name}
              </Heading>
              <BodyShort size="small">{t('booking.weekly', { hours: m.weeklyHours, evening: m.eveningHours })}</BodyShort>
              <DicomSettings
                machine={m}
                onSaved={(saved) => {
                  setMachines((list) => list?.map((x) => (x.id === saved.id ? saved : x)) ?? null);
                  setNotice(null);
                  setSavedText(t('machineDicom.saved', { name: saved.name }));
                }}
              />
              {editing === m.id ? (
                <ShiftEditor
                  machine={m}
                  onSaved={() => {
                    setEditing(null);
                    setSavedText(null);
                    setNotice('booking.saved');
                    load();
                  }}
                  onClose={() => setEditing(null)}
                />
              ) : (
                <>
                  <ShiftList shifts={m.shifts} />
                  {m.editable && (
                    <div>
                      <Button size="small" variant="secondary" onClick={() => setEditing(m.id)}>
                        {t('booking.edit')}
                      </Button>
                    </div>
                  )}
                </>
              )}
            </VStack>
          </li>
        ))}
      </ul>
    </VStack>
  );
}

const CHARSET_LABEL: Record<DicomCharacterSet, MessageKey> = {
  'ISO_IR 192': 'machineDicom.charset.utf8',
  'ISO_IR 100': 'machineDicom.charset.latin1',
};

/**
 * A machine's DICOM settings on its card: its AE title, and the character set it reads its
 * worklist in (migration 0185), which the department leader may change (a native select and a
 * save button, so it works by keyboard). Saves through PUT /api/booking/machines/:id/dicom-character-set.
 */
function DicomSettings({ machine, onSaved }: { machine: Machine; onSaved: (m: Machine) => void }) {
  const { t } = useApp();
  const [value, setValue] = useState<DicomCharacterSet>(machine.dicomCharacterSet);
  const [error, setError] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      onSaved(await api<Machine>('PUT', `/api/booking/machines/${encodeURIComponent(machine.id)}/dicom-character-set`, { dicomCharacterSet: value }));
    } catch (e) {
      setError(e instanceof ApiError && e.status === 400 ? 'machineDicom.invalid' : requestErrorKey(e));
    } finally {
      setBusy(false);
    }
  };
  if (!machine.editable)
    return (
      <BodyShort size="small">
        {t('machineDicom.aeTitle', { ae: machine.aeTitle })} · {t('machineDicom.current', { charset: t(CHARSET_LABEL[machine.dicomCharacterSet]) })}
      </BodyShort>
    );
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <VStack gap="space-4">
        <BodyShort size="small">{t('machineDicom.aeTitle', { ae: machine.aeTitle })}</BodyShort>
        <HStack gap="space-8" align="end" wrap>
          <Select
            className="booking-dicom-charset"
            label={t('machineDicom.charset')}
            description={t('machineDicom.charset.help')}
            size="small"
            value={value}
            error={error ? t(error) : undefined}
            onChange={(e) => setValue(e.target.value as DicomCharacterSet)}
          >
            {(Object.keys(CHARSET_LABEL) as DicomCharacterSet[]).map((c) => (
              <option key={c} value={c}>
                {t(CHARSET_LABEL[c])}
              </option>
            ))}
          </Select>
          <Button size="small" variant="secondary" type="submit" loading={busy}>
            {t('machineDicom.save')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}

function ShiftList({ shifts }: { shifts: Shift[] }) {
  const { t } = useApp();
  return (
    <dl className="booking-shifts">
      {[1, 2, 3, 4, 5, 6, 7].map((wd) => {
        const day = shifts.filter((s) => s.weekday === wd);
        if (day.length === 0) return null;
        return (
          <div key={wd}>
            <dt>{t(`booking.weekday.${wd}` as MessageKey)}</dt>
            <dd>{day.map((s) => `${s.start}–${s.end} (${t(`booking.kind.${s.kind}` as MessageKey).toLowerCase()})`).join(', ')}</dd>
          </div>
        );
      })}
    </dl>
  );
}

function ShiftEditor({ machine, onSaved, onClose }: { machine: Machine; onSaved: () => void; onClose: () => void }) {
  const { t } = useApp();
  const [rows, setRows] = useState<Shift[]>(machine.shifts);
  const [error, setError] = useState<MessageKey | null>(null);
  const [bad, setBad] = useState<Set<number>>(new Set());
  const set = (i: number, patch: Partial<Shift>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const save = async () => {
    setError(null);
    try {
      await api('PUT', `/api/booking/machines/${encodeURIComponent(machine.id)}/shifts`, { version: machine.version, shifts: rows });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setBad(new Set(e.fields.map((f) => Number(f.field.split('.')[1])).filter((n) => Number.isInteger(n))));
        setError('booking.invalidShifts');
      } else setError(requestErrorKey(e));
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <VStack gap="space-8">
        {rows.map((r, i) => (
          <HStack key={i} gap="space-8" align="end" wrap className={bad.has(i) ? 'booking-bad' : undefined}>
            <Select label={t('booking.weekday')} size="small" value={r.weekday} onChange={(e) => set(i, { weekday: Number(e.target.value) })}>
              {[1, 2, 3, 4, 5, 6, 7].map((wd) => (
                <option key={wd} value={wd}>
                  {t(`booking.weekday.${wd}` as MessageKey)}
                </option>
              ))}
            </Select>
            <TextField label={t('booking.start')} size="small" type="time" value={r.start} onChange={(e) => set(i, { start: e.target.value })} />
            <TextField
              label={t('booking.end')}
              size="small"
              type="time"
              value={r.end === '24:00' ? '23:59' : r.end}
              onChange={(e) => set(i, { end: e.target.value })}
            />
            <Select label={t('booking.shiftKind')} size="small" value={r.kind} onChange={(e) => set(i, { kind: e.target.value as Shift['kind'] })}>
              {(['day', 'evening', 'night', 'weekend'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`booking.kind.${k}` as MessageKey)}
                </option>
              ))}
            </Select>
            <Button size="small" variant="tertiary" type="button" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
              {t('booking.removeShift', { n: i + 1 })}
            </Button>
          </HStack>
        ))}
        {error && <Alert variant="warning">{t(error)}</Alert>}
        <HStack gap="space-8" wrap>
          <Button
            size="small"
            variant="secondary"
            type="button"
            onClick={() => setRows([...rows, { weekday: 1, start: '15:30', end: '21:00', kind: 'evening' }])}
          >
            {t('booking.addShift')}
          </Button>
          <Button size="small" type="submit">
            {t('booking.save')}
          </Button>
          <Button size="small" variant="tertiary" type="button" onClick={onClose}>
            {t('booking.close')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}
