/** The post-signup page: shows what the prompt did, and lets the visitor try again. */
const prompt = document.querySelector("invite-prompt")!;
const state = document.getElementById('prompt-state')!;

prompt.addEventListener('invite-prompt-open', (e) => {
  state.textContent = `The prompt opened: ${e.openCount} thing${e.openCount === 1 ? '' : 's'} to join.`;
});
prompt.addEventListener('invite-prompt-close', (e) => {
  state.textContent =
    e.reason === 'completed'
      ? 'All done — the prompt closed itself.'
      : `Closed (${e.reason}). It stays away for this user for ${prompt.snoozeHours} hours.`;
});
prompt.addEventListener('invite-load', () => {
  if (!prompt.open && prompt.inboxElement?.openCount === 0) state.textContent = 'Nothing to join, so the prompt stayed closed.';
  else if (!prompt.open && prompt.snoozed) state.textContent = 'Snoozed: “Not now” was chosen recently.';
});

document.getElementById('reopen')!.addEventListener('click', async () => {
  prompt.clearSnooze();
  await prompt.inboxElement?.refresh();
});
