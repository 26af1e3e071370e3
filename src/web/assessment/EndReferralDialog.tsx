// Ending a referral without an exam, behind a confirmation dialog (Aksel Modal: focus kept inside,
// Escape closes): the department closes it with a reason from the fixed list (server:
// assessment/closing.ts), or the referrer withdraws it with an optional reason.
import { Alert, BodyLong, Button, Modal, Radio, RadioGroup, Textarea, VStack } from '@navikt/ds-react';
import { useState } from 'react';
import { CLOSE_REASONS, type CloseReason } from '../../shared/api/assessment.ts';
import type { MessageKey } from '../../shared/i18n/index.ts';
import { api, ApiError } from '../app/api.ts';
import { useApp } from '../app/context.tsx';
import { requestErrorKey } from '../app/errors.ts';

/** The button that opens the dialog, and the dialog; `onDone` runs after the referral was ended. */
export function EndReferralButton({
  referralId,
  version,
  mode,
  onDone,
  size = 'small',
  label,
}: {
  referralId: string;
  version: number;
  /** 'close': the department closes without an exam; 'withdraw': the referrer withdraws. */
  mode: 'close' | 'withdraw';
  onDone: () => void;
  size?: 'small' | 'medium';
  /** The button's accessible name when the button text alone is ambiguous (a list with one button per row). */
  label?: string;
}) {
  const { t } = useApp();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size={size} variant="secondary-neutral" type="button" aria-label={label} onClick={() => setOpen(true)}>
        {t(mode === 'close' ? 'asm.close.button' : 'asm.withdraw.button')}
      </Button>
      {open && (
        <EndReferralDialog
          referralId={referralId}
          version={version}
          mode={mode}
          onClose={(done) => {
            setOpen(false);
            if (done) onDone();
          }}
        />
      )}
    </>
  );
}

function EndReferralDialog({
  referralId,
  version,
  mode,
  onClose,
}: {
  referralId: string;
  version: number;
  mode: 'close' | 'withdraw';
  onClose: (done: boolean) => void;
}) {
  const { t } = useApp();
  const [reason, setReason] = useState<CloseReason | ''>('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<MessageKey | null>(null);
  const [missing, setMissing] = useState<{ reason?: boolean; text?: boolean }>({});
  const p = mode === 'close' ? 'asm.close' : 'asm.withdraw';

  const submit = async () => {
    if (mode === 'close' && (!reason || (reason === 'other' && !text.trim()))) {
      setMissing({ reason: !reason, text: reason === 'other' && !text.trim() });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const id = encodeURIComponent(referralId);
      if (mode === 'close') await api('POST', `/api/assessment/referrals/${id}/close`, { version, reason, text: text.trim() || undefined });
      else await api('POST', `/api/referrals/${id}/withdraw`, { version, text: text.trim() || undefined });
      onClose(true);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? 'asm.conflict' : requestErrorKey(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open onClose={() => onClose(false)} header={{ heading: t(`${p}.title` as MessageKey) }} width="medium">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Modal.Body>
          <VStack gap="space-16">
            <BodyLong>{t(`${p}.intro` as MessageKey)}</BodyLong>
            {mode === 'close' && (
              <RadioGroup
                legend={t('asm.close.reason')}
                size="small"
                value={reason}
                error={missing.reason ? t('form.error.required') : undefined}
                onChange={(v: CloseReason) => setReason(v)}
              >
                {CLOSE_REASONS.map((r) => (
                  <Radio key={r} value={r}>
                    {t(`asm.close.reason.${r}` as MessageKey)}
                  </Radio>
                ))}
              </RadioGroup>
            )}
            <Textarea
              label={t(`${p}.text` as MessageKey)}
              size="small"
              minRows={2}
              maxLength={2000}
              value={text}
              error={missing.text ? t('form.error.required') : undefined}
              onChange={(e) => setText(e.target.value)}
            />
            {error && (
              <Alert variant="error" size="small">
                {t(error)}
              </Alert>
            )}
          </VStack>
        </Modal.Body>
        <Modal.Footer>
          <Button type="submit" variant="danger" loading={busy}>
            {t(`${p}.confirm` as MessageKey)}
          </Button>
          <Button type="button" variant="secondary" onClick={() => onClose(false)}>
            {t('asm.close.cancel')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal>
  );
}
