/// <reference types="mocha" />
import { expect } from '@open-wc/testing';
import { $$, createInvitation, mountLoaded, resetBackend, signIn } from './inbox-fixtures.js';

// This file runs in its own group whose page declares
// `require-trusted-types-for 'script'` (see web-test-runner.config.js).
describe('<invite-inbox> under Trusted Types', () => {
  const violations: string[] = [];
  const onViolation = (e: SecurityPolicyViolationEvent) => violations.push(`${e.violatedDirective}: ${e.sample}`);

  before(async () => {
    document.addEventListener('securitypolicyviolation', onViolation);
    await resetBackend();
    signIn('carol@initech.com');
  });
  after(() => {
    document.removeEventListener('securitypolicyviolation', onViolation);
    signIn(null);
  });

  it('is really enforced on this page', async () => {
    const reported = new Promise((r) => document.addEventListener('securitypolicyviolation', r, { once: true }));
    const div = document.createElement('div');
    expect(() => (div.innerHTML = '<b>x</b>')).to.throw(TypeError);
    await reported;
    expect(violations).to.have.length(1);
    violations.length = 0;
  });

  it('renders cards, hostile ones included, without a single violation', async () => {
    await createInvitation({
      email: 'carol@initech.com',
      scope: 'evil',
      scopeName: '<img src=x onerror="window.pwned=1">',
      message: '<script>window.pwned=1</script>',
      avatarUrl: 'javascript:window.pwned=1',
    });
    const el = await mountLoaded();
    expect($$(el, '[part="card"]')).to.have.length(2);
    await el.accept(['inv_autojoin_initech']);
    await el.updateComplete;
    expect(el.invitations.find((i) => i.id === 'inv_autojoin_initech')!.status).to.equal('accepted');
    expect((window as { pwned?: number }).pwned).to.equal(undefined);
    expect(violations).to.deep.equal([]);
  });
});
