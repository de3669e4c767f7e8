/**
 * Shared by every demo page: registers the elements (what a host's script tag
 * does) and fills in the user switcher. Signing in reloads the page, because
 * that is what switching accounts does in a real product.
 */
import '../src/elements/index.js';

interface DemoUser {
  email: string;
  label: string;
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return (await res.json()) as T;
}

async function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

async function renderSwitcher(host: HTMLElement): Promise<void> {
  const [{ email }, { users }] = await Promise.all([
    getJson<{ email: string | null }>('/demo/me'),
    getJson<{ users: DemoUser[] }>('/demo/users'),
  ]);
  document.body.dataset.session = email ? 'in' : 'out';

  const status = el('p', { className: 'visually-hidden', role: 'status' });
  const select = el('select', { id: 'demo-user', name: 'user' });
  select.append(el('option', { value: '', textContent: email ? 'Another user…' : 'Choose a demo user…' }));
  const known = users.some((u) => u.email === email);
  if (email && !known) select.append(el('option', { value: email, textContent: email, selected: true }));
  for (const u of users) {
    select.append(el('option', { value: u.email, textContent: `${u.email} — ${u.label}`, selected: u.email === email }));
  }

  const signIn = async (address: string) => {
    const res = await post('/demo/login', { email: address });
    if (res.ok) return location.reload();
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    status.textContent = body?.error?.message ?? 'Could not sign in.';
    status.className = 'switcher-error';
  };
  select.addEventListener('change', () => {
    if (select.value) void signIn(select.value);
  });

  const input = el('input', {
    type: 'email',
    id: 'demo-email',
    name: 'email',
    placeholder: 'or any email…',
    autocomplete: 'email',
    required: true,
  });
  const form = el(
    'form',
    { className: 'user-switcher-form' },
    el('label', { htmlFor: 'demo-email', className: 'visually-hidden', textContent: 'Sign in with any email' }),
    input,
    el('button', { type: 'submit', className: 'demo-button secondary', textContent: 'Sign in' }),
  );
  form.style.display = 'contents';
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.checkValidity()) void signIn(input.value.trim());
  });

  host.replaceChildren(
    el('label', { htmlFor: 'demo-user', textContent: email ? 'Signed in as' : 'Demo user' }),
    select,
    form,
  );
  if (email) {
    const out = el('button', { type: 'button', className: 'demo-button secondary', textContent: 'Sign out' });
    out.addEventListener('click', async () => {
      await post('/demo/logout');
      location.reload();
    });
    host.append(out);
  }
  host.append(status);
}

const switcher = document.getElementById('user-switcher');
if (switcher) {
  renderSwitcher(switcher).catch(() => {
    switcher.textContent = 'The demo server is not answering.';
  });
}
