// A LIS's training record (/utdanning/:id): rotations, learning goals with their state and the
// actions the viewer may take (register activity, send for assessment, approve / not yet),
// competence approvals beside the LIS's own reading statistics, supervision meetings, and — for
// supervisor and leader only — suitability notes. Exports as PDF and CSV.
import { Alert, BodyShort, Box, Button, Checkbox, Detail, Heading, HStack, Select, Table, Tag, Textarea, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useState } from 'react';
import type { ExamTypes, GoalState, RecordView, SupervisionTheme } from '../../shared/api/training.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';
import { AppLink } from '../app/router.tsx';
import { History } from './History.tsx';
import { ThemesField } from './ThemesField.tsx';
import { actionsFromText, detailsForm, firstOpenRotation, goalLabel, goalsOf, dayText, localDateTime, moveForm, parseDay, rotationPlace } from './view.ts';
import './training.css';
import { osloDate, osloToday } from '../app/oslo-time.ts';

const STATE_VARIANT: Record<GoalState, 'neutral' | 'info' | 'warning' | 'success' | 'alt1'> = {
  not_started: 'neutral',
  in_progress: 'info',
  completed: 'alt1',
  not_yet: 'warning',
  approved: 'success',
};

export function RecordPage({ id }: { id: string }) {
  const { t, locale } = useApp();
  const [v, setV] = useState<RecordView | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [saved, setSaved] = useState<MessageKey | null>(null);
  const [rotation, setRotation] = useState<string | 'all' | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const [editingDetails, setEditingDetails] = useState(false);
  const url = `/api/training/records/${encodeURIComponent(id)}`;
  const load = useCallback(
    () =>
      get<RecordView>(url)
        .then((r) => {
          setV(r);
          setRotation((cur) => cur ?? firstOpenRotation(r));
        })
        .catch((e: unknown) => setError(requestErrorKey(e))),
    [url],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (method: 'POST' | 'PATCH', path: string, body?: unknown) => {
    setError(null);
    setSaved(null);
    try {
      await api(method, path, body);
      setSaved('trn.saved');
      setReloadKey((k) => k + 1);
      await load();
      return true;
    } catch (e) {
      setError(requestErrorKey(e));
      return false;
    }
  };
  const date = (iso: string) => osloDate(iso, locale, 'medium');
  const years = (n: number) => n.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB');

  if (!v) return <VStack gap="space-16">{error ? <Alert variant="error">{t(error)}</Alert> : <BodyShort>{t('app.loading')}</BodyShort>}</VStack>;
  const goals = goalsOf(v, rotation ?? 'all');
  const untitled = v.goals.filter((g) => g.title === null).length;

  return (
    <VStack gap="space-24" className="trn-page">
      <VStack gap="space-4">
        <AppLink to="/utdanning">{t('trn.back')}</AppLink>
        <Heading level="1" size="large">
          {t('trn.record.title', { name: v.lis.name })}
        </Heading>
        <BodyShort>{t('trn.record.meta', { plan: v.plan.name, org: v.organization, supervisor: v.supervisor.name, date: date(v.startDate) })}</BodyShort>
        <HStack gap="space-8" align="center">
          {v.behind ? (
            <Tag variant="warning" size="small">
              {t('trn.behind')}
            </Tag>
          ) : (
            <Tag variant="success" size="small">
              {t('trn.onTrack')}
            </Tag>
          )}
          <Detail>{t('trn.record.counts', v.counts)}</Detail>
        </HStack>
        <HStack gap="space-16">
          <a href={`${url}/export.pdf`}>{t('trn.export.pdf')}</a>
          <a href={`${url}/export.csv`}>{t('trn.export.csv')}</a>
        </HStack>
        {v.may.changeDetails &&
          (editingDetails ? (
            <DetailsForm v={v} t={t} act={act} recordUrl={url} onClose={() => setEditingDetails(false)} />
          ) : (
            <div>
              <Button type="button" size="small" variant="secondary" onClick={() => setEditingDetails(true)}>
                {t('trn.details.button')}
              </Button>
            </div>
          ))}
      </VStack>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {saved && (
        <Alert variant="success" size="small">
          {t(saved)}
        </Alert>
      )}

      <section aria-labelledby="trn-rot">
        <Heading level="2" size="medium" id="trn-rot">
          {t('trn.rotations')}
        </Heading>
        <VStack gap="space-8" as="ol" className="trn-rotations">
          {v.rotations.map((r) => (
            <li key={r.id}>
              <HStack gap="space-8" align="center">
                <BodyShort weight="semibold">{t('trn.rotation.years', { from: years(r.fromYears), to: years(r.toYears) })}</BodyShort>
                <BodyShort>{rotationPlace(r)}</BodyShort>
                {r.external && (
                  <Tag variant="alt3" size="xsmall">
                    {t('trn.rotation.external')}
                  </Tag>
                )}
                {r.complete && (
                  <Tag variant="success" size="xsmall">
                    {t('trn.rotation.complete')}
                  </Tag>
                )}
              </HStack>
              <Detail>{`${date(r.plannedStart)} – ${date(r.plannedEnd)} · ${t('trn.plan.goals.count', { n: r.goalNumbers.length })}`}</Detail>
              {r.moved && (
                <Detail className="trn-wrap">
                  {`${t('trn.rotation.moved', { reason: r.moved.reason })} · ${t('trn.rotation.planDates', { from: date(r.planStart), to: date(r.planEnd) })}`}
                </Detail>
              )}
              {v.may.moveRotation &&
                (moving === r.id ? (
                  <MoveForm v={v} r={r} t={t} act={act} recordUrl={url} onClose={() => setMoving(null)} place={rotationPlace(r)} />
                ) : (
                  <Button
                    type="button"
                    size="xsmall"
                    variant="tertiary"
                    aria-label={t('trn.move.buttonFor', {
                      place: `${rotationPlace(r)}, ${t('trn.rotation.years', { from: years(r.fromYears), to: years(r.toYears) })}`,
                    })}
                    onClick={() => setMoving(r.id)}
                  >
                    {t('trn.move.button')}
                  </Button>
                ))}
            </li>
          ))}
        </VStack>
        <History base={url} intro="trn.hist.intro.record" reloadKey={reloadKey} idPrefix="hist-record" />
      </section>

      <section aria-labelledby="trn-goals">
        <Heading level="2" size="medium" id="trn-goals">
          {t('trn.goals')}
        </Heading>
        {untitled > 0 && (
          <Alert variant="info" size="small" className="trn-titles-missing">
            {t('trn.goals.titlesMissing', { n: untitled })}
          </Alert>
        )}
        <Select label={t('trn.goals.filter')} size="small" value={rotation ?? 'all'} onChange={(e) => setRotation(e.target.value)} className="trn-inline-form">
          {v.rotations.map((r) => (
            <option key={r.id} value={r.id}>{`${t('trn.rotation.years', { from: years(r.fromYears), to: years(r.toYears) })}: ${rotationPlace(r)}`}</option>
          ))}
          <option value="all">{t('trn.goals.all')}</option>
        </Select>
        <Box className="trn-scroll">
          <Table size="small">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell scope="col">{t('trn.col.goal')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.status')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.due')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.activity')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.actions')}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {goals.map((g) => (
                <GoalRow key={g.number} g={g} v={v} t={t} date={date} act={act} recordUrl={url} />
              ))}
            </Table.Body>
          </Table>
        </Box>
        {v.may.registerActivity && <ActivityForm v={v} t={t} act={act} recordUrl={url} />}
      </section>

      <Competence v={v} t={t} date={date} act={act} recordUrl={url} />

      <section aria-labelledby="trn-meet">
        <Heading level="2" size="medium" id="trn-meet">
          {t('trn.meetings')}
        </Heading>
        {v.meetings.length === 0 && <BodyShort>{t('trn.meetings.none')}</BodyShort>}
        <VStack gap="space-12">
          {v.meetings.map((m) => (
            <Box key={m.id} padding="space-12" borderWidth="1" borderColor="neutral-subtle" borderRadius="8">
              <BodyShort weight="semibold">
                {`${t(m.kind === 'group' ? 'trn.meeting.group' : 'trn.meeting.individual')}, ${m.heldAt ? t('trn.meeting.held', { date: date(m.heldAt) }) : t('trn.meeting.planned', { date: date(m.plannedAt) })} ${t('trn.meeting.with', { name: m.supervisor })}`}
              </BodyShort>
              <HStack gap="space-4">
                {m.themes.map((th) => (
                  <Tag key={th} variant="neutral" size="xsmall">
                    {t(`trn.theme.${th}` as MessageKey)}
                  </Tag>
                ))}
              </HStack>
              {m.kind === 'group' && <Detail>{t('trn.meeting.participants', { names: m.participants.join(', ') })}</Detail>}
              {m.summary && <BodyShort className="rep-pre">{m.summary}</BodyShort>}
              {m.actions.map((a) => (
                <Detail
                  key={a.id}
                >{`${t('trn.meeting.action', { text: a.text })}${a.dueDate ? ` (${t('trn.meeting.due', { date: date(a.dueDate) })})` : ''}`}</Detail>
              ))}
              {!m.heldAt && v.may.planMeeting && <MeetingLog meetingId={m.id} t={t} act={act} />}
            </Box>
          ))}
        </VStack>
        {v.may.planMeeting && <MeetingPlan recordId={v.id} t={t} act={act} />}
      </section>

      {v.suitabilityNotes && (
        <section aria-labelledby="trn-notes">
          <Heading level="2" size="medium" id="trn-notes">
            {t('trn.notes')}
          </Heading>
          {v.suitabilityNotes.length === 0 && <BodyShort>{t('trn.notes.none')}</BodyShort>}
          {v.suitabilityNotes.map((n) => (
            <Box key={n.id} paddingBlock="space-4">
              <BodyShort>{n.text}</BodyShort>
              <Detail>{`${n.author} · ${date(n.at)}`}</Detail>
            </Box>
          ))}
          <NoteForm recordUrl={url} t={t} act={act} />
        </section>
      )}
    </VStack>
  );
}

type T = ReturnType<typeof useApp>['t'];
type Act = (method: 'POST' | 'PATCH', path: string, body?: unknown) => Promise<boolean>;

/**
 * The leader's change of supervisor and start date (PATCH /api/training/records/:id), in two steps:
 * the form, then a confirmation that says in words what changes; the history records who and when.
 */
function DetailsForm({ v, t, act, recordUrl, onClose }: { v: RecordView; t: T; act: Act; recordUrl: string; onClose: () => void }) {
  const { locale } = useApp();
  const [supervisorId, setSupervisorId] = useState(v.supervisor.id);
  const [start, setStart] = useState(dayText(v.startDate, locale));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [confirming, setConfirming] = useState<{ supervisorPersonId?: string; startDate?: string; reason: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const options = v.supervisorOptions ?? [];
  const nameOf = (id: string) => options.find((o) => o.id === id)?.name ?? (id === v.supervisor.id ? v.supervisor.name : id);
  const review = () => {
    const f = detailsForm({ supervisorId, start, reason }, { supervisorId: v.supervisor.id, startDate: v.startDate }, t);
    setErrors(f.ok ? {} : f.errors);
    if (f.ok) setConfirming(f.body);
  };
  const save = async () => {
    if (!confirming) return;
    setBusy(true);
    const ok = await act('PATCH', recordUrl, confirming);
    setBusy(false);
    if (ok) onClose();
  };
  if (confirming)
    return (
      <Box padding="space-12" borderRadius="8" background="warning-soft" className="trn-details" role="group" aria-labelledby="trn-details-confirm">
        <VStack gap="space-8">
          <Heading level="2" size="xsmall" id="trn-details-confirm">
            {t('trn.details.confirmTitle')}
          </Heading>
          {confirming.supervisorPersonId && (
            <BodyShort>{t('trn.details.confirmSupervisor', { from: v.supervisor.name, to: nameOf(confirming.supervisorPersonId) })}</BodyShort>
          )}
          {confirming.startDate && (
            <BodyShort>{t('trn.details.confirmStart', { from: dayText(v.startDate, locale), to: dayText(confirming.startDate, locale) })}</BodyShort>
          )}
          <BodyShort size="small">{t('trn.hist.reason', { reason: confirming.reason })}</BodyShort>
          <HStack gap="space-8" wrap>
            <Button type="button" size="small" loading={busy} onClick={() => void save()}>
              {t('trn.details.confirm')}
            </Button>
            <Button type="button" size="small" variant="secondary" onClick={() => setConfirming(null)}>
              {t('trn.details.back')}
            </Button>
          </HStack>
        </VStack>
      </Box>
    );
  return (
    <form
      className="trn-details"
      onSubmit={(e) => {
        e.preventDefault();
        review();
      }}
    >
      <VStack gap="space-8" as="fieldset" className="trn-rotation-edit">
        <legend>
          <BodyShort size="small" weight="semibold">
            {t('trn.details.title', { lis: v.lis.name })}
          </BodyShort>
        </legend>
        <Detail>{t('trn.details.help')}</Detail>
        <HStack gap="space-8" wrap>
          <Select size="small" label={t('trn.details.supervisor')} value={supervisorId} onChange={(e) => setSupervisorId(e.target.value)}>
            {!options.some((o) => o.id === v.supervisor.id) && <option value={v.supervisor.id}>{v.supervisor.name}</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
          <TextField size="small" label={t('trn.details.start')} value={start} error={errors.start} onChange={(e) => setStart(e.target.value)} />
        </HStack>
        <Textarea
          size="small"
          label={t('trn.details.reason')}
          minRows={2}
          maxLength={1000}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <HStack gap="space-8" wrap>
          <Button type="submit" size="small">
            {t('trn.details.review')}
          </Button>
          <Button type="button" size="small" variant="secondary" onClick={onClose}>
            {t('trn.details.cancel')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}

/** Moves one rotation in this LIS's plan only (supervisor and leader): new dates or back to the department plan's, with a reason. */
function MoveForm({
  v,
  r,
  t,
  act,
  recordUrl,
  onClose,
  place,
}: {
  v: RecordView;
  r: RecordView['rotations'][number];
  t: T;
  act: Act;
  recordUrl: string;
  onClose: () => void;
  place: string;
}) {
  const { locale } = useApp();
  const [start, setStart] = useState(dayText(r.plannedStart, locale));
  const [end, setEnd] = useState(dayText(r.plannedEnd, locale));
  const [later, setLater] = useState(true);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const send = async (backToPlan: boolean) => {
    const f = moveForm({ start, end, reason, backToPlan }, t);
    if (f.ok && !backToPlan && f.start === r.plannedStart && f.end === r.plannedEnd) {
      setErrors({ end: t('trn.move.err.same') });
      return;
    }
    setErrors(f.ok ? {} : f.errors);
    if (!f.ok) return;
    const body = backToPlan
      ? { backToPlan: true, moveLater: later, reason: reason.trim() }
      : { plannedStart: f.start, plannedEnd: f.end, moveLater: later, reason: reason.trim() };
    if (await act('POST', `${recordUrl}/rotations/${encodeURIComponent(r.id)}/move`, body)) onClose();
  };
  return (
    <form
      className="trn-move"
      onSubmit={(e) => {
        e.preventDefault();
        void send(false);
      }}
    >
      <VStack gap="space-8" as="fieldset" className="trn-rotation-edit">
        <legend>
          <BodyShort size="small" weight="semibold">
            {t('trn.move.title', { place, lis: v.lis.name })}
          </BodyShort>
        </legend>
        <Detail>{t('trn.move.help')}</Detail>
        <Detail>{t('trn.rotation.planDates', { from: dayText(r.planStart, locale), to: dayText(r.planEnd, locale) })}</Detail>
        <HStack gap="space-8" wrap>
          <TextField size="small" label={t('trn.move.start')} value={start} error={errors.start} onChange={(e) => setStart(e.target.value)} />
          <TextField size="small" label={t('trn.move.end')} value={end} error={errors.end} onChange={(e) => setEnd(e.target.value)} />
        </HStack>
        <Checkbox size="small" checked={later} onChange={(e) => setLater(e.target.checked)}>
          {t('trn.move.later')}
        </Checkbox>
        <Textarea
          size="small"
          label={t('trn.move.reason')}
          description={t('trn.move.reason.help')}
          minRows={2}
          maxLength={1000}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <HStack gap="space-8" wrap>
          <Button type="submit" size="small">
            {t('trn.move.save')}
          </Button>
          {r.moved && (
            <Button type="button" size="small" variant="secondary" onClick={() => void send(true)}>
              {t('trn.move.backToPlan')}
            </Button>
          )}
          <Button type="button" size="small" variant="tertiary" onClick={onClose}>
            {t('trn.move.cancel')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}

function GoalRow({
  g,
  v,
  t,
  date,
  act,
  recordUrl,
}: {
  g: RecordView['goals'][number];
  v: RecordView;
  t: T;
  date: (s: string) => string;
  act: Act;
  recordUrl: string;
}) {
  const [notYet, setNotYet] = useState(false);
  const [plan, setPlan] = useState('');
  const base = `${recordUrl}/goals/${g.specialty}/${g.number}`;
  return (
    <Table.Row>
      <Table.DataCell className="trn-goal-title">
        <strong>{t('trn.goal.number', { n: g.number })}</strong> {g.title ?? <Detail as="span">{t('trn.goal.untitled')}</Detail>}
        {g.assessment && (
          <Detail>
            {t('trn.goal.assessedBy', { by: g.assessment.by, date: date(g.assessment.at) })}
            {g.assessment.plan ? ` · ${g.assessment.plan}` : ''}
          </Detail>
        )}
      </Table.DataCell>
      <Table.DataCell>
        <Tag variant={STATE_VARIANT[g.state]} size="small">
          {t(`trn.state.${g.state}` as MessageKey)}
        </Tag>
        {g.overdue && <Detail>{t('trn.behind')}</Detail>}
      </Table.DataCell>
      <Table.DataCell>{g.plannedBy ? date(g.plannedBy) : '–'}</Table.DataCell>
      <Table.DataCell>{g.activityCount || ''}</Table.DataCell>
      <Table.DataCell>
        <HStack gap="space-4" wrap>
          {v.may.registerActivity && !v.may.assess && (g.state === 'not_started' || g.state === 'in_progress' || g.state === 'not_yet') && (
            <Button size="xsmall" variant="secondary" onClick={() => void act('POST', `${base}/complete`)}>
              {t('trn.goal.complete')}
            </Button>
          )}
          {v.may.assess && g.state !== 'approved' && (
            <>
              <Button size="xsmall" variant="secondary" onClick={() => void act('POST', `${base}/assessments`, { outcome: 'approved' })}>
                {t('trn.goal.approve')}
              </Button>
              <Button size="xsmall" variant="tertiary" onClick={() => setNotYet(!notYet)} aria-expanded={notYet}>
                {t('trn.goal.notYet')}
              </Button>
            </>
          )}
        </HStack>
        {notYet && (
          <VStack gap="space-4">
            <Textarea size="small" label={t('trn.goal.plan')} value={plan} onChange={(e) => setPlan(e.target.value)} maxLength={2000} />
            <Button
              size="xsmall"
              onClick={() => void act('POST', `${base}/assessments`, { outcome: 'not_yet', plan }).then((ok) => ok && setNotYet(false))}
              disabled={!plan.trim()}
            >
              {t('trn.goal.save')}
            </Button>
          </VStack>
        )}
      </Table.DataCell>
    </Table.Row>
  );
}

function ActivityForm({ v, t, act, recordUrl }: { v: RecordView; t: T; act: Act; recordUrl: string }) {
  const { locale } = useApp();
  const [goal, setGoal] = useState(String(v.goals.find((g) => g.state !== 'approved')?.number ?? v.goals[0]?.number ?? 1));
  const [kind, setKind] = useState('procedure');
  const [count, setCount] = useState('1');
  const [description, setDescription] = useState('');
  const [doneOn, setDoneOn] = useState(dayText(osloToday(), locale));
  const day = parseDay(doneOn);
  return (
    <details>
      <summary>{t('trn.activity.add')}</summary>
      <VStack gap="space-8" className="trn-inline-form">
        <Select size="small" label={t('trn.activity.goal')} value={goal} onChange={(e) => setGoal(e.target.value)}>
          {v.goals.map((g) => (
            <option key={g.number} value={g.number}>
              {goalLabel(g.number, g.title, t)}
            </option>
          ))}
        </Select>
        <Select size="small" label={t('trn.activity.kind')} value={kind} onChange={(e) => setKind(e.target.value)}>
          {(['procedure', 'course', 'e_learning', 'other'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`trn.activity.kind.${k}`)}
            </option>
          ))}
        </Select>
        {kind === 'procedure' && (
          <TextField size="small" label={t('trn.activity.count')} inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} />
        )}
        <TextField size="small" label={t('trn.activity.description')} value={description} onChange={(e) => setDescription(e.target.value)} maxLength={500} />
        <TextField
          size="small"
          label={t('trn.activity.date')}
          value={doneOn}
          error={doneOn.trim() && !day ? t('trn.move.err.date') : undefined}
          onChange={(e) => setDoneOn(e.target.value)}
        />
        <HStack>
          <Button
            size="small"
            disabled={!description.trim() || !day}
            onClick={() =>
              void act('POST', `${recordUrl}/activities`, {
                specialty: v.plan.specialty,
                goalNumber: Number(goal),
                kind,
                ...(kind === 'procedure' ? { count: Number(count) || 1 } : {}),
                description,
                doneOn: day,
              }).then((ok) => ok && setDescription(''))
            }
          >
            {t('trn.activity.save')}
          </Button>
        </HStack>
      </VStack>
    </details>
  );
}

function Competence({ v, t, date, act, recordUrl }: { v: RecordView; t: T; date: (s: string) => string; act: Act; recordUrl: string }) {
  const [types, setTypes] = useState<ExamTypes['examTypes']>([]);
  const [pick, setPick] = useState('');
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  useEffect(() => {
    if (v.may.approveCompetence)
      get<ExamTypes>('/api/training/exam-types')
        .then((r) => setTypes(r.examTypes))
        .catch(() => undefined);
  }, [v.may.approveCompetence]);
  const active = v.approvals.filter((a) => a.active);
  const activeOf = (code: string) => active.find((a) => a.examCode === code);
  const codes = [...new Set([...v.readingStats.byExamType.map((s) => s.examCode), ...active.map((a) => a.examCode)])];
  const nameOf = (code: string) =>
    v.readingStats.byExamType.find((s) => s.examCode === code)?.examName ?? v.approvals.find((a) => a.examCode === code)?.examName ?? code;
  const approve = (code: string) => void act('POST', `${recordUrl}/competence`, { examCode: code });
  return (
    <section aria-labelledby="trn-comp">
      <Heading level="2" size="medium" id="trn-comp">
        {t('trn.competence')}
      </Heading>
      <BodyShort>{t('trn.competence.intro')}</BodyShort>
      {codes.length === 0 && <BodyShort>{t('trn.competence.none')}</BodyShort>}
      {codes.length > 0 && (
        <Box className="trn-scroll">
          <Table size="small">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell scope="col">{t('trn.col.exam')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.reports')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.finalAlone')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.grades')}</Table.HeaderCell>
                <Table.HeaderCell scope="col">{t('trn.col.approval')}</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {codes.map((code) => {
                const s = v.readingStats.byExamType.find((x) => x.examCode === code);
                const a = activeOf(code);
                return (
                  <Table.Row key={code}>
                    <Table.DataCell>{nameOf(code)}</Table.DataCell>
                    <Table.DataCell>{s?.reports ?? 0}</Table.DataCell>
                    <Table.DataCell>{s?.finalAlone ?? 0}</Table.DataCell>
                    <Table.DataCell>
                      {s && Object.keys(s.grades).length
                        ? Object.entries(s.grades)
                            .map(([score, n]) => t('trn.grade', { score, n }))
                            .join(', ')
                        : '–'}
                    </Table.DataCell>
                    <Table.DataCell>
                      {a ? (
                        <VStack gap="space-4">
                          <Tag variant="success" size="small">
                            {a.approvedBy
                              ? t('trn.approved', { date: date(a.approvedAt), by: a.approvedBy })
                              : t('trn.approved.noBy', { date: date(a.approvedAt) })}
                          </Tag>
                          {v.may.approveCompetence && withdrawing !== a.id && (
                            <Button size="xsmall" variant="tertiary" onClick={() => setWithdrawing(a.id)}>
                              {t('trn.withdraw')}
                            </Button>
                          )}
                          {withdrawing === a.id && (
                            <VStack gap="space-4">
                              <Textarea
                                size="small"
                                label={t('trn.withdraw.reason')}
                                value={reason}
                                onChange={(e) => setReason(e.target.value)}
                                maxLength={2000}
                              />
                              <Button
                                size="xsmall"
                                variant="danger"
                                disabled={!reason.trim()}
                                onClick={() =>
                                  void act('POST', `${recordUrl}/competence/${a.id}/withdraw`, { reason }).then((ok) => {
                                    if (ok) {
                                      setWithdrawing(null);
                                      setReason('');
                                    }
                                  })
                                }
                              >
                                {t('trn.withdraw.confirm')}
                              </Button>
                            </VStack>
                          )}
                        </VStack>
                      ) : (
                        v.may.approveCompetence && (
                          <Button size="xsmall" variant="secondary" onClick={() => approve(code)}>
                            {t('trn.approve')}
                          </Button>
                        )
                      )}
                    </Table.DataCell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table>
        </Box>
      )}
      {v.approvals
        .filter((a) => !a.active)
        .map((a) => (
          <Detail
            key={a.id}
          >{`${a.examName}: ${t('trn.withdrawn', { date: date(a.withdrawnAt ?? a.approvedAt), by: a.withdrawnBy ?? '', reason: a.withdrawalReason ?? '' })}`}</Detail>
        ))}
      {v.may.approveCompetence && types.length > 0 && (
        <HStack gap="space-8" align="end" className="trn-inline-form">
          <Select size="small" label={t('trn.approve.other')} value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">{t('trn.approve.choose')}</option>
            {types
              .filter((x) => !activeOf(x.code))
              .map((x) => (
                <option key={x.code} value={x.code}>{`${x.name} (${x.modality})`}</option>
              ))}
          </Select>
          <Button size="small" variant="secondary" disabled={!pick} onClick={() => approve(pick)}>
            {t('trn.approve')}
          </Button>
        </HStack>
      )}
    </section>
  );
}

function MeetingPlan({ recordId, t, act }: { recordId: string; t: T; act: Act }) {
  const [when, setWhen] = useState('');
  const [themes, setThemes] = useState<SupervisionTheme[]>(['career', 'professional']);
  const at = localDateTime(when);
  return (
    <details>
      <summary>{t('trn.meeting.plan')}</summary>
      <VStack gap="space-8" className="trn-inline-form">
        <TextField size="small" label={t('trn.meeting.when')} value={when} onChange={(e) => setWhen(e.target.value)} />
        <ThemesField value={themes} onChange={setThemes} />
        <HStack>
          <Button
            size="small"
            disabled={!at || themes.length === 0}
            onClick={() => void act('POST', '/api/training/meetings', { kind: 'individual', recordIds: [recordId], plannedAt: at, themes })}
          >
            {t('trn.meeting.save')}
          </Button>
        </HStack>
      </VStack>
    </details>
  );
}

function MeetingLog({ meetingId, t, act }: { meetingId: string; t: T; act: Act }) {
  const [summary, setSummary] = useState('');
  const [actions, setActions] = useState('');
  return (
    <details>
      <summary>{t('trn.meeting.log')}</summary>
      <VStack gap="space-8" className="trn-inline-form">
        <Textarea size="small" label={t('trn.meeting.summary')} value={summary} onChange={(e) => setSummary(e.target.value)} maxLength={8000} />
        <Textarea size="small" label={t('trn.meeting.actions')} value={actions} onChange={(e) => setActions(e.target.value)} />
        <HStack>
          <Button
            size="small"
            onClick={() =>
              void act('POST', `/api/training/meetings/${meetingId}/log`, { heldAt: new Date().toISOString(), summary, actions: actionsFromText(actions) })
            }
          >
            {t('trn.meeting.logSave')}
          </Button>
        </HStack>
      </VStack>
    </details>
  );
}

function NoteForm({ recordUrl, t, act }: { recordUrl: string; t: T; act: Act }) {
  const [text, setText] = useState('');
  return (
    <VStack gap="space-8" className="trn-inline-form">
      <Textarea size="small" label={t('trn.notes.add')} value={text} onChange={(e) => setText(e.target.value)} maxLength={4000} />
      <HStack>
        <Button
          size="small"
          variant="secondary"
          disabled={!text.trim()}
          onClick={() => void act('POST', `${recordUrl}/suitability-notes`, { text }).then((ok) => ok && setText(''))}
        >
          {t('trn.notes.save')}
        </Button>
      </HStack>
    </VStack>
  );
}
