/// <reference types="mocha" />
import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/elements/invite-inbox.js';
import type { InviteInbox } from '../../src/elements/invite-inbox.js';
import { $, $$, acceptButton, mountLoaded, next } from './inbox-fixtures.js';

// The test server's `/api/many` proxy lists 10,000 open invitations (in-process provider, no cap).
const COUNT = 10_000;

async function mountMany(): Promise<InviteInbox> {
  const el = await mountLoaded({ endpoint: '/api/many' });
  await settled(el);
  return el;
}

/** Lets scroll handlers (one animation frame) and the renders they cause finish. */
async function settled(el: InviteInbox): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => requestAnimationFrame(r));
    await el.updateComplete;
  }
}

const cards = (el: InviteInbox) => $$(el, '.list > .card');
const position = (c: Element) => Number(c.getAttribute('aria-posinset'));
const onScreen = (c: Element) => {
  const r = c.getBoundingClientRect();
  return r.bottom > 0 && r.top < innerHeight;
};

describe('<invite-inbox> with 10,000 invitations', function () {
  this.timeout(60_000);

  before(() => setViewport({ width: 800, height: 600 }));
  afterEach(() => window.scrollTo(0, 0));

  it('renders only the cards near the viewport, as a real list with positions in the whole set', async () => {
    const el = await mountMany();
    expect(el.invitations).to.have.length(COUNT);
    const shown = cards(el);
    expect(shown.length).to.be.greaterThan(2).and.lessThan(100);
    expect($(el, 'ul.list')!.getAttribute('aria-label')).to.equal('Invitations');
    for (const c of shown) {
      expect(c.localName).to.equal('li');
      expect(c.getAttribute('aria-setsize')).to.equal(String(COUNT));
    }
    expect(shown.map(position).slice(0, 3)).to.deep.equal([1, 2, 3]);
    // The last item is rendered too, so Shift+Tab from the action bar lands where it would in the full list.
    expect(position(shown.at(-1)!)).to.equal(COUNT);
    expect(shown.map((c) => c.dataset.id)).to.include.members([el.invitations[0]!.id, el.invitations[COUNT - 1]!.id]);
    await expect(el).to.be.accessible();
  });

  it('paints the first window in one render: no card is rendered and taken out again before the first frame', async () => {
    const wrapper = await fixture<HTMLDivElement>(html`<div></div>`);
    const el = document.createElement('invite-inbox');
    el.endpoint = '/api/many';
    const loaded = next(el, 'invite-load');
    wrapper.append(el);
    await el.updateComplete;
    const removed: string[] = [];
    new MutationObserver((ms) =>
      ms.forEach((m) => m.removedNodes.forEach((n) => n instanceof HTMLElement && n.dataset.id && removed.push(n.dataset.id))),
    ).observe(el.shadowRoot!, { childList: true, subtree: true });
    await loaded;
    await new Promise(requestAnimationFrame);
    expect(cards(el).length).to.be.greaterThan(2);
    expect(removed).to.deep.equal([]);
  });

  it('"Select all" selects every item, rendered or not, and the accept count says so', async () => {
    const el = await mountMany();
    const selected = next(el, 'invite-select');
    $<HTMLInputElement>(el, '.bar input[type="checkbox"]')!.click();
    expect((await selected).selectedIds).to.have.length(COUNT);
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal(`Accept (${COUNT})`);
    expect(cards(el).length).to.be.lessThan(100);
    expect(cards(el).every((c) => c.querySelector<HTMLInputElement>('input.check')!.checked)).to.equal(true);

    // One card off again: the count follows the Set, not the DOM.
    const one = next(el, 'invite-select');
    cards(el)[1]!.querySelector<HTMLInputElement>('input.check')!.click();
    expect((await one).selectedIds).to.have.length(COUNT - 1);
    await el.updateComplete;
    expect(acceptButton(el).textContent!.trim()).to.equal(`Accept (${COUNT - 1})`);
    await expect(el).to.be.accessible();
  });

  it('Tab walks on past the initially rendered window, card by card', async () => {
    const el = await mountMany();
    const lastInitial = Math.max(...cards(el).map(position).filter((p) => p < COUNT));
    cards(el)[0]!.querySelector<HTMLInputElement>('input.check')!.focus();
    const visited: number[] = [];
    // Each card has two stops (checkbox, Join).
    for (let i = 0; i < 2 * (lastInitial + 5); i++) {
      await sendKeys({ press: 'Tab' });
      await el.updateComplete;
      const active = el.shadowRoot!.activeElement;
      expect(active, `focus stays in the list after ${i + 1} Tabs`).to.not.equal(null);
      visited.push(position(active!.closest('.card')!));
    }
    // Every card in order, each reached twice, none skipped, well past where the window first ended.
    expect(visited.filter((_, i) => i % 2 === 1)).to.deep.equal(Array.from({ length: lastInitial + 5 }, (_, i) => i + 2));
    expect(cards(el).length).to.be.lessThan(100);
    expect(onScreen(el.shadowRoot!.activeElement!)).to.equal(true);
  });

  it('Shift+Tab from the action bar lands on the last item, as in the full list', async () => {
    const el = await mountMany();
    $<HTMLInputElement>(el, '.bar input[type="checkbox"]')!.focus();
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    await el.updateComplete;
    const active = el.shadowRoot!.activeElement!;
    expect(position(active.closest('.card')!)).to.equal(COUNT);
    expect(active.getAttribute('part')).to.equal('accept-button');
  });

  it('the focused card stays in the DOM, and focused, when the page scrolls far away from it', async () => {
    const el = await mountMany();
    const box = cards(el)[1]!.querySelector<HTMLInputElement>('input.check')!;
    box.focus();
    await el.updateComplete;
    const list = $(el, 'ul.list')!;
    window.scrollTo(0, list.getBoundingClientRect().top + window.scrollY + list.scrollHeight / 2);
    await settled(el);
    const visible = cards(el).filter(onScreen);
    expect(visible.length, 'cards on screen after the scroll').to.be.greaterThan(0);
    expect(visible.map(position).every((p) => p > COUNT / 4)).to.equal(true);
    expect(el.shadowRoot!.activeElement).to.equal(box);
    expect(box.isConnected).to.equal(true);
  });

  it('scrolling far down shows the later cards there', async () => {
    const el = await mountMany();
    const list = $(el, 'ul.list')!;
    const middle = list.getBoundingClientRect().top + window.scrollY + list.scrollHeight / 2;
    window.scrollTo(0, middle);
    await settled(el);
    const visible = cards(el).filter(onScreen);
    expect(visible.length).to.be.greaterThan(0);
    const at = visible.map(position);
    expect(Math.min(...at)).to.be.greaterThan(COUNT / 4);
    expect(Math.max(...at)).to.be.lessThan((COUNT * 3) / 4);
    expect(cards(el).length).to.be.lessThan(100);
    // Positions run on without holes across the visible stretch.
    expect(at).to.deep.equal(Array.from({ length: at.length }, (_, i) => at[0]! + i));
    await expect(el).to.be.accessible();
  });

  it('scrollToInvitation() renders a far card and brings it into view', async () => {
    const el = await mountMany();
    expect(cards(el).some((c) => c.dataset.id === 'many-7777')).to.equal(false);
    expect(await el.scrollToInvitation('many-7777')).to.equal(true);
    await settled(el);
    const target = cards(el).find((c) => c.dataset.id === 'many-7777');
    expect(target, 'the card is rendered').to.not.equal(undefined);
    expect(position(target!)).to.equal(el.invitations.findIndex((i) => i.id === 'many-7777') + 1);
    expect(onScreen(target!)).to.equal(true);
    expect(await el.scrollToInvitation('nope')).to.equal(false);
  });
});
