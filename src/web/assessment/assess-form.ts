// Pure helpers of the assessment form.

/**
 * The suggested exam due date for a priority category: `days` calendar days after today's date
 * in Norway (YYYY-MM-DD), or null when the category has no default (a date is chosen). Pure.
 */
export function suggestedDueDate(days: number | null, now: Date): string | null {
  if (days === null) return null;
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
