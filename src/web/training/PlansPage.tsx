// The department's training plans (/utdanning/planer, issue 13 item 1): each plan's table of
// rotations (years × trust × hospital × section × learning goals, every goal with its short title),
// and for the department's leaders the editor — change, add, remove and reorder periods, checked as
// you type with the server's rule for goal lists — and a plan from the packaged Ahus template. The
// national goal titles (CSV import) are kept by the network's editors and administrators on their
// own page (/utdanning/laeringsmal, GoalTitlesPage). No ids or codes shown; every action is a button.
import { Alert, BodyLong, BodyShort, Box, Button, Checkbox, Detail, Heading, HGrid, HStack, Tag, Textarea, TextField, VStack } from '@navikt/ds-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Plan, PlanList } from '../../shared/api/training.ts';
import { parseGoalNumbers } from '../../shared/goal-numbers.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError, get } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { plansEmptyKey } from './empty-states.ts';
import { requestErrorKey } from '../app/errors.ts';
import './training.css';
import { History } from './History.tsx';
import { draftsOf, goalLabel, importErrorText, planBody, rotationPlace, serverPlanErrors, type RotationDraft } from './view.ts';

interface Goals {
  goals: { specialty: string; number: number; title: string | null }[];
  untitled: number;
}
type Titles = Map<string, string | null>;

export function PlansPage() {
  const { t, me } = useApp();
  const [plans, setPlans] = useState<Plan[] | null>(null);
  const [goals, setGoals] = useState<Goals | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const load = useCallback(() => {
    get<PlanList>('/api/training/plans')
      .then((l) => setPlans(l.plans))
      .catch((e: unknown) => setError(requestErrorKey(e)));
    get<Goals>('/api/training/goals')
      .then(setGoals)
      .catch(() => undefined);
  }, []);
  useEffect(load, [load]);
  const titles: Titles = useMemo(() => new Map((goals?.goals ?? []).map((g) => [`${g.specialty}:${g.number}`, g.title])), [goals]);
  const leads = (me?.grants ?? []).filter((g) => g.role === 'department_leader');
  const withoutPlan = leads.filter((g) => plans && !plans.some((p) => p.organizationId === g.organizationId));

  const fromTemplate = async (organizationId: string) => {
    setNotice(null);
    try {
      await api('POST', '/api/training/plans/packaged', { organizationId, template: 'ahus-nuclear-medicine' });
      setNotice('trn.plans.created');
      load();
    } catch (e) {
      setError(requestErrorKey(e));
    }
  };

  return (
    <VStack gap="space-24" className="trn-page">
      <VStack gap="space-8">
        <Heading level="1" size="large">
          {t('trn.plans.title')}
        </Heading>
        <BodyShort>{t('trn.plans.intro')}</BodyShort>
      </VStack>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {notice && (
        <Alert variant="success" size="small" role="status">
          {t(notice)}
        </Alert>
      )}
      {plans && plans.length === 0 && <BodyLong>{t(plansEmptyKey(me?.roles ?? []))}</BodyLong>}
      {withoutPlan.map((g) => (
        <HStack key={g.organizationId}>
          <Button size="small" variant="secondary" onClick={() => void fromTemplate(g.organizationId)}>
            {t('trn.plans.fromTemplate', { org: g.organizationName })}
          </Button>
        </HStack>
      ))}
      {goals && goals.untitled > 0 && (
        <Alert variant="info" size="small" className="trn-titles-missing">
          {t('trn.goals.titlesMissing', { n: goals.untitled })}
        </Alert>
      )}
      {plans?.map((p) => (
        <PlanSection key={p.id} plan={p} titles={titles} onSaved={load} />
      ))}
    </VStack>
  );
}

function PlanSection({ plan, titles, onSaved }: { plan: Plan; titles: Titles; onSaved: () => void }) {
  const { t, locale } = useApp();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const years = (n: number) => n.toLocaleString(locale === 'nb' ? 'nb-NO' : 'en-GB');
  return (
    <Box as="section" padding="space-16" borderWidth="1" borderRadius="8" aria-labelledby={`plan-${plan.id}`}>
      <VStack gap="space-12">
        <VStack gap="space-2">
          <Heading level="2" size="medium" id={`plan-${plan.id}`}>
            {plan.name}
          </Heading>
          <Detail>{plan.organization}</Detail>
          {plan.source && <Detail className="trn-wrap">{plan.source}</Detail>}
        </VStack>
        {saved && !editing && (
          <Alert variant="success" size="small" role="status">
            {t('trn.plan.saved')}
          </Alert>
        )}
        {editing ? (
          <PlanEditor
            plan={plan}
            titles={titles}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              setSaved(true);
              setReloadKey((k) => k + 1);
              onSaved();
            }}
          />
        ) : (
          <>
            <ol className="trn-rotations">
              {plan.rotations.map((r) => (
                <li key={r.id}>
                  <BodyShort weight="semibold">
                    {`${t('trn.plan.rotation.years', { from: years(r.fromYears), to: years(r.toYears) })} · ${rotationPlace(r)}`}{' '}
                    {r.external && (
                      <Tag size="xsmall" variant="info">
                        {t('trn.plan.externalTag')}
                      </Tag>
                    )}
                  </BodyShort>
                  <GoalList specialty={plan.specialty} numbers={r.goalNumbers} titles={titles} />
                </li>
              ))}
            </ol>
            {plan.mayEdit && (
              <HStack>
                <Button
                  size="small"
                  variant="secondary"
                  onClick={() => {
                    setSaved(false);
                    setEditing(true);
                  }}
                >
                  {t('trn.plan.edit')}
                </Button>
              </HStack>
            )}
          </>
        )}
        <History base={`/api/training/plans/${encodeURIComponent(plan.id)}`} intro="trn.hist.intro.plan" reloadKey={reloadKey} idPrefix={`hist-${plan.id}`} />
      </VStack>
    </Box>
  );
}

/** A rotation's goals: how many, and each with its short title (folded). */
function GoalList({ specialty, numbers, titles }: { specialty: string; numbers: readonly number[]; titles: Titles }) {
  const { t } = useApp();
  return (
    <details className="trn-goal-list">
      <summary>{t('trn.plan.goals.count', { n: numbers.length })}</summary>
      <ul>
        {numbers.map((n) => (
          <li key={n}>
            <Detail as="span">{goalLabel(n, titles.get(`${specialty}:${n}`), t)}</Detail>
          </li>
        ))}
      </ul>
    </details>
  );
}

let newKey = 0;

function PlanEditor({ plan, titles, onCancel, onSaved }: { plan: Plan; titles: Titles; onCancel: () => void; onSaved: () => void }) {
  const { t, locale } = useApp();
  const [name, setName] = useState(plan.name);
  const [reason, setReason] = useState('');
  const [rows, setRows] = useState<RotationDraft[]>(() => draftsOf(plan.rotations, locale));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failed, setFailed] = useState<MessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (i: number, patch: Partial<RotationDraft>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const move = (i: number) => setRows([...rows.slice(0, i - 1), rows[i]!, rows[i - 1]!, ...rows.slice(i + 1)]);
  const save = async () => {
    setFailed(null);
    const b = planBody(name, rows, t, reason);
    if (!b.ok) {
      setErrors(b.errors);
      setFailed('trn.plan.errors');
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      await api('PUT', `/api/training/plans/${encodeURIComponent(plan.id)}`, { ...b.body, ...(plan.source ? { source: plan.source } : {}) });
      onSaved();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setErrors(serverPlanErrors(e.fields, t));
        setFailed('trn.plan.errors');
      } else if (e instanceof ApiError && e.status === 409) setFailed('trn.plan.err.changed');
      else setFailed(requestErrorKey(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <VStack gap="space-16">
        <TextField label={t('trn.plan.name')} value={name} error={errors.name} onChange={(e) => setName(e.target.value)} />
        {rows.map((r, i) => {
          const parsed = parseGoalNumbers(r.goals);
          return (
            <fieldset key={r.key} className="trn-rotation-edit">
              <legend>
                <Heading level="3" size="xsmall">
                  {t('trn.plan.rotation', { n: i + 1 })}
                </Heading>
              </legend>
              <VStack gap="space-8">
                <HGrid columns={{ xs: 2, md: 5 }} gap="space-8">
                  <TextField
                    size="small"
                    label={t('trn.plan.from')}
                    value={r.fromYears}
                    error={errors[`${i}.fromYears`]}
                    inputMode="decimal"
                    onChange={(e) => set(i, { fromYears: e.target.value })}
                  />
                  <TextField
                    size="small"
                    label={t('trn.plan.to')}
                    value={r.toYears}
                    error={errors[`${i}.toYears`]}
                    inputMode="decimal"
                    onChange={(e) => set(i, { toYears: e.target.value })}
                  />
                  <TextField
                    size="small"
                    label={t('trn.plan.trust')}
                    value={r.trust}
                    error={errors[`${i}.trust`]}
                    onChange={(e) => set(i, { trust: e.target.value })}
                  />
                  <TextField
                    size="small"
                    label={t('trn.plan.hospital')}
                    value={r.hospital}
                    error={errors[`${i}.hospital`]}
                    onChange={(e) => set(i, { hospital: e.target.value })}
                  />
                  <TextField
                    size="small"
                    label={t('trn.plan.section')}
                    value={r.section}
                    error={errors[`${i}.section`]}
                    onChange={(e) => set(i, { section: e.target.value })}
                  />
                </HGrid>
                <Checkbox size="small" checked={r.external} onChange={(e) => set(i, { external: e.target.checked })}>
                  {t('trn.plan.external')}
                </Checkbox>
                <TextField
                  size="small"
                  label={t('trn.plan.goals')}
                  description={t('trn.plan.goals.help')}
                  value={r.goals}
                  error={
                    errors[`${i}.goals`] ??
                    (r.goals.trim() && !parsed.ok ? t('trn.plan.err.badToken', { column: parsed.column, token: parsed.token }) : undefined)
                  }
                  onChange={(e) => set(i, { goals: e.target.value })}
                />
                {parsed.ok && r.goals.trim() && <GoalList specialty={plan.specialty} numbers={parsed.numbers} titles={titles} />}
                <HStack gap="space-8" wrap>
                  {i > 0 && (
                    <Button type="button" size="xsmall" variant="tertiary" onClick={() => move(i)}>
                      {t('trn.plan.up', { n: i + 1 })}
                    </Button>
                  )}
                  <Button type="button" size="xsmall" variant="tertiary" disabled={rows.length === 1} onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                    {t('trn.plan.remove', { n: i + 1 })}
                  </Button>
                </HStack>
              </VStack>
            </fieldset>
          );
        })}
        <HStack>
          <Button
            type="button"
            size="small"
            variant="secondary"
            onClick={() =>
              setRows([...rows, { key: `new-${++newKey}`, fromYears: '', toYears: '', trust: '', hospital: '', section: '', external: false, goals: '' }])
            }
          >
            {t('trn.plan.add')}
          </Button>
        </HStack>
        <Textarea
          size="small"
          label={t('trn.plan.reason')}
          description={t('trn.plan.reason.help')}
          minRows={2}
          maxLength={1000}
          value={reason}
          error={errors.reason}
          onChange={(e) => setReason(e.target.value)}
        />
        {failed && (
          <Alert variant="warning" size="small" role="status">
            {t(failed)}
          </Alert>
        )}
        <HStack gap="space-8">
          <Button type="submit" size="small" loading={busy}>
            {t('trn.plan.save')}
          </Button>
          <Button type="button" size="small" variant="tertiary" onClick={onCancel}>
            {t('trn.plan.cancel')}
          </Button>
        </HStack>
      </VStack>
    </form>
  );
}

/**
 * The national learning goals (/utdanning/laeringsmal): the network's editors (fagredaktør) and
 * administrators import the specialties' numbered goals with titles (CSV) and see what is entered.
 * Department leaders do not (403 from the server): the list is national.
 */
export function GoalTitlesPage() {
  const { t } = useApp();
  const [goals, setGoals] = useState<Goals | null>(null);
  const [error, setError] = useState<MessageKey | null>(null);
  const load = useCallback(() => {
    get<Goals>('/api/training/goals')
      .then(setGoals)
      .catch((e: unknown) => setError(requestErrorKey(e)));
  }, []);
  useEffect(load, [load]);
  const specialties = ['nuclear_medicine', 'radiology', 'fkm'] as const;
  return (
    <VStack gap="space-24" className="trn-page">
      <VStack gap="space-8">
        <Heading level="1" size="large">
          {t('nav.learningGoals')}
        </Heading>
        <BodyShort>{t('trn.goals.page.intro')}</BodyShort>
      </VStack>
      {error && <Alert variant="error">{t(error)}</Alert>}
      {goals && <GoalImport untitled={goals.untitled} onDone={load} />}
      {goals && (
        <section aria-labelledby="trn-goal-list">
          <Heading level="2" size="small" id="trn-goal-list">
            {t('trn.goals.page.list')}
          </Heading>
          {specialties.map((sp) => {
            const list = goals.goals.filter((g) => g.specialty === sp);
            if (list.length === 0) return null;
            return (
              <details key={sp}>
                <summary>
                  {t(`trn.specialty.${sp}`)} ({list.length})
                </summary>
                <ul className="trn-list">
                  {list.map((g) => (
                    <li key={g.number}>{goalLabel(g.number, g.title, t)}</li>
                  ))}
                </ul>
              </details>
            );
          })}
        </section>
      )}
    </VStack>
  );
}

/** Network editors and administrators import the specialty's numbered goals with titles (CSV); errors name line and column, and nothing is imported then. */
function GoalImport({ untitled, onDone }: { untitled: number; onDone: () => void }) {
  const { t } = useApp();
  const [csv, setCsv] = useState('');
  const [source, setSource] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string; lines?: string[] } | null>(null);
  const send = async () => {
    setResult(null);
    try {
      const r = await api<{ imported: number }>('POST', '/api/training/goals/import', { csv, source });
      setResult({ ok: true, text: t('trn.goals.import.done', { n: r.imported }) });
      setCsv('');
      onDone();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400)
        setResult({
          ok: false,
          text: t('trn.goals.import.errors'),
          lines: [
            ...e.fields.slice(0, 10).map((f) => importErrorText(f, t)),
            ...(e.fields.length > 10 ? [t('trn.import.err.more', { n: e.fields.length - 10 })] : []),
          ],
        });
      else setResult({ ok: false, text: t(requestErrorKey(e)) });
    }
  };
  return (
    <Box as="section" padding="space-16" background="neutral-soft" borderRadius="8" aria-labelledby="trn-import">
      <VStack gap="space-8">
        <Heading level="2" size="small" id="trn-import">
          {t('trn.goals.import')}
        </Heading>
        <BodyShort size="small">{untitled > 0 ? t('trn.goals.untitledCount', { n: untitled }) : t('trn.goals.allTitled')}</BodyShort>
        <VStack gap="space-2">
          <label htmlFor="trn-import-file">
            <BodyShort size="small" weight="semibold" as="span">
              {t('trn.goals.import.file')}
            </BodyShort>
          </label>
          <input
            id="trn-import-file"
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void f.text().then(setCsv);
            }}
          />
        </VStack>
        <Textarea
          size="small"
          label={t('trn.goals.import.csv')}
          description={t('trn.goals.import.help')}
          minRows={3}
          value={csv}
          onChange={(e) => setCsv(e.target.value)}
        />
        <TextField size="small" label={t('trn.goals.import.source')} value={source} onChange={(e) => setSource(e.target.value)} />
        <HStack>
          <Button size="small" variant="secondary" disabled={!csv.trim() || !source.trim()} onClick={() => void send()}>
            {t('trn.goals.import.send')}
          </Button>
        </HStack>
        {result && (
          <Alert variant={result.ok ? 'success' : 'warning'} size="small" role="status">
            {result.text}
            {result.lines && (
              <ul>
                {result.lines.map((l) => (
                  <li key={l}>{l}</li>
                ))}
              </ul>
            )}
          </Alert>
        )}
      </VStack>
    </Box>
  );
}
