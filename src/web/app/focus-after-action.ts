// Where focus goes after an action (a newcomer walk, ux27 item 1). Pressing "Send henvisning",
// "Godta", a time to book or "Signer endelig" disables the button while the request runs (Aksel's
// `loading`) or removes it once done; the browser then drops focus to <body>, and keyboard and
// screen-reader users lose their place. One mechanism for every page, set up by the app shell:
// after a person acts (a click, Enter or Space) and focus falls to <body>, focus goes to the
// message the action brought (an Aksel alert, or an element marked `data-action-status`), or, until
// one shows, to the page's heading. When the message comes later (the request was still running),
// it takes focus from the heading this put there. Focus the person moved (Tab, another click) or a
// page moved itself is left alone, and a navigation ends the wait (the shell then focuses the new
// page's heading).

/** What counts as the message an action brings: Aksel alerts of every kind, or a page's own marked status. */
export const ACTION_MESSAGE = '.aksel-alert, .aksel-local-alert, .aksel-global-alert, [data-action-status]';

/** What a person presses to act. */
const ACTION_CONTROL = 'button, [role="button"], input[type="submit"], input[type="button"]';

const isVisible = (el: Element) => el.getClientRects().length > 0;
const hasText = (el: Element) => (el.textContent ?? '').trim() !== '';

/** True when nothing has focus (the browser's fallback: <body>, or no element). */
function focusLost(doc: Document): boolean {
  const a = doc.activeElement;
  return !a || a === doc.body || a === doc.documentElement;
}

/**
 * Messages in `root` that were not there (as elements) in `before`, announced ones first (an
 * element with role status/alert or inside an aria-live region), each group in document order.
 */
export function freshMessages(root: ParentNode, before: ReadonlySet<Element>): Element[] {
  const fresh = [...root.querySelectorAll(ACTION_MESSAGE)].filter((m) => !before.has(m) && isVisible(m) && hasText(m));
  const announced = (m: Element) => !!m.closest('[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"]');
  return [...fresh.filter(announced), ...fresh.filter((m) => !announced(m))];
}

/**
 * Watches `main` (the app's <main>) for focus lost after a person's action, and puts it on the
 * action's message or the page heading (see the top of this file). Returns the function that stops
 * watching; the shell sets it up anew on each navigation, which ends any wait.
 */
export function keepFocusAfterActions(main: HTMLElement): () => void {
  const doc = main.ownerDocument;
  /** Set by an action: the messages already there, and where this put focus meanwhile (the heading). */
  let pending: { before: Set<Element>; placed: HTMLElement | null } | null = null;

  const put = (el: HTMLElement, preventScroll: boolean) => {
    if (!el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll });
  };
  const heading = () => [...main.querySelectorAll('h1')].find(isVisible) ?? null;

  const check = () => {
    if (!pending) return;
    const lost = focusLost(doc);
    if (!lost && !(pending.placed && doc.activeElement === pending.placed)) return;
    const message = freshMessages(main, pending.before)[0] as HTMLElement | undefined;
    if (message) {
      put(message, false);
      pending = null; // done: the action's message has focus
      return;
    }
    if (lost) {
      const h1 = heading();
      if (h1) {
        put(h1, true); // meanwhile; the page does not jump to the top
        pending.placed = h1;
      }
    }
  };

  const onKey = (e: KeyboardEvent) => {
    // Ctrl/Cmd+Enter is a page's own shortcut for its main action ("Signer endelig" in a report field).
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) start();
    else if (e.key === 'Enter' || e.key === ' ') act(e);
    // Any other key (Tab, arrows, typing) is the person moving on: their focus wins.
    else if (!['Shift', 'Control', 'Alt', 'Meta'].includes(e.key)) pending = null;
  };
  // Only a press on a control is an action: a click on plain text also sends focus to <body>, and
  // that must not pull the page to its heading.
  const act = (e: Event) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target?.closest(ACTION_CONTROL)) {
      pending = null; // a click elsewhere: the person moved on
      return;
    }
    start();
  };
  const start = () => {
    pending = { before: new Set(main.querySelectorAll(ACTION_MESSAGE)), placed: null };
  };
  // Focus may leave without a mutation in <main> (a focused element removed elsewhere): check then too.
  const onFocusOut = () => queueMicrotask(check);

  const observer = new MutationObserver(check);
  observer.observe(main, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'hidden', 'style', 'class'] });
  doc.addEventListener('keydown', onKey, true);
  doc.addEventListener('pointerdown', act, true);
  doc.addEventListener('focusout', onFocusOut, true);
  return () => {
    observer.disconnect();
    doc.removeEventListener('keydown', onKey, true);
    doc.removeEventListener('pointerdown', act, true);
    doc.removeEventListener('focusout', onFocusOut, true);
  };
}
