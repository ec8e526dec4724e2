import { issueToken } from '@lib/auth';
import { randomBytes } from 'node:crypto';
import { newId, ServiceUnderTest } from '../support/service-under-test';
import { SupportCaseClient } from '../support/support-case-client';
import { ConsoleSuite, describeWithChromium, PHONE, shown, type OpenOptions } from './support/console-browser';

const RESELLER_FEATURES = { customerFeatures: ['IPTVBUSINESS'], employeeFeatures: ['PLAYMAKERSTATUS'] };
const RESELLER_CASES = ['Kanalerne hakker om aftenen', 'Ingen programguide'];
/** Every endpoint that is for ADMIN only: a RESELLER's console must not even ask. */
const ADMIN_ONLY = /\/history|\/erase|\/audit\/|[?&](revision|asOf)=/;

describeWithChromium("the auditor's console, for other access levels than ADMIN", () => {
  const suite = ConsoleSuite.started();
  let service: ServiceUnderTest;
  let resellerToken: string;

  beforeAll(async () => {
    service = suite.service;
    resellerToken = await service.token({ accessLevel: 'RESELLER', name: 'Rita Reseller', ...RESELLER_FEATURES });
    const reseller = new SupportCaseClient(service, resellerToken);
    const admin = new SupportCaseClient(service, await service.token({ accessLevel: 'ADMIN' }));
    for (const name of RESELLER_CASES) await reseller.created({ name });
    await admin.created({ name: 'En anden kundes sag', customer: newId() });
    await service.projected();
  });

  const open = (options: OpenOptions = {}) => suite.open(options);

  it('shows a RESELLER its own cases only, and a case without asking for what is for ADMIN', async () => {
    const tab = await open({ token: resellerToken });
    const { page } = tab;

    await shown(page.getByRole('navigation', { name: 'Pages' }).getByText('1–2 of 2'));
    const listed = await page.locator('table tbody th a').allTextContents();
    await tab.expectAccessible('case list for a RESELLER');
    await page.getByRole('link', { name: 'Ingen programguide' }).click();
    await shown(tab.heading('Ingen programguide'));
    const note = await shown(page.getByText('are for ADMIN only'));

    expect(listed.sort()).toEqual([...RESELLER_CASES].sort());
    expect(await note.textContent()).toBe(
      "The case's history, its timeline, time travel, verification, export and erasure are for ADMIN only.",
    );
    expect(await page.getByRole('region', { name: 'The case' }).textContent()).toContain('Ingen programguide');
    expect(await page.getByRole('region', { name: 'Timeline' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Erase/ }).count()).toBe(0);
    expect(tab.requested(ADMIN_ONLY)).toEqual([]);
    await tab.expectAccessible('case for a RESELLER');
    await tab.screenshot('case-for-a-reseller');
  });

  it('shows a RESELLER its list and a case on a phone too, without scrolling sideways', async () => {
    const tab = await open({ token: resellerToken, viewport: PHONE });
    const { page } = tab;

    await shown(page.getByRole('link', { name: 'Kanalerne hakker om aftenen' }));
    const listOverflows = await tab.overflowsSideways();
    await tab.expectAccessible('case list for a RESELLER on a phone');
    await page.getByRole('link', { name: 'Kanalerne hakker om aftenen' }).click();
    await shown(page.getByText('are for ADMIN only'));
    const caseOverflows = await tab.overflowsSideways();
    await tab.expectAccessible('case for a RESELLER on a phone');
    await tab.screenshot('case-for-a-reseller');

    expect({ listOverflows, caseOverflows }).toEqual({ listOverflows: false, caseOverflows: false });
  });

  it('tells a VIEWER plainly that its access level has no access to support cases', async () => {
    const tab = await open({ token: await service.token({ accessLevel: 'VIEWER', name: 'Vera Viewer' }) });
    const { page } = tab;

    const refusal = await shown(page.getByRole('alert').filter({ hasText: 'No access to support cases' }));

    expect(await refusal.textContent()).toContain(
      'Your access level, VIEWER, has no access to support cases. They are for RESELLER and ADMIN.',
    );
    expect(await page.getByRole('table').count()).toBe(0);
    expect(await page.getByText('Signed in as Vera Viewer').count()).toBe(1);
    await tab.expectAccessible('no access for a VIEWER');
    await tab.screenshot('no-access-for-a-viewer');
  });

  it('goes back to sign-in, saying why, when the service refuses the token', async () => {
    const forged = await issueToken(
      randomBytes(32).toString('hex'),
      { employee: newId(), customer: newId(), accessLevel: 'ADMIN', customerFeatures: [], employeeFeatures: [] },
      { expiresIn: '10m' },
    );
    const tab = await open();
    const { page } = tab;

    await tab.signIn(forged);
    const notice = await shown(page.getByRole('alert').filter({ hasText: 'The service refused the token' }));

    expect(await notice.textContent()).toMatch(/^The service refused the token: token signature does not match/);
    expect(await notice.textContent()).not.toContain(forged);
    expect(await tab.tokenCookie()).toBeUndefined();
    await shown(page.getByLabel('Token'));
    await tab.expectAccessible('sign-in after a refused token');
    await tab.screenshot('sign-in-refused');
  });

  it('refuses a paste that is no token, sending it nowhere', async () => {
    const tab = await open();
    const { page } = tab;

    await tab.signIn('not a token');
    await shown(page.getByText('This is not a platform token'));

    expect(tab.requested(/^\/iptv\//)).toEqual([]);
    expect(await tab.tokenCookie()).toBeUndefined();
    expect(await page.getByLabel('Token').getAttribute('aria-invalid')).toBe('true');
  });

  it('keeps a pasted token in a SameSite=Strict cookie for the whole site, and signing out forgets it', async () => {
    const tab = await open();
    const { page, context } = tab;

    await tab.signIn(resellerToken);
    await shown(page.getByText('Signed in as Rita Reseller'));
    const [cookie] = (await context.cookies()).filter(({ name }) => name === 'token');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await shown(page.getByRole('alert').filter({ hasText: 'You are signed out.' }));

    expect(cookie).toMatchObject({ value: resellerToken, path: '/', sameSite: 'Strict' });
    expect(await tab.tokenCookie()).toBeUndefined();
    expect(tab.requested(/token=/)).toEqual([]);
  });

  it('signs in with a token cookie it finds, showing who and at which access level', async () => {
    const tab = await open({ token: resellerToken });
    const { page } = tab;

    const signedIn = await shown(page.getByText('Signed in as Rita Reseller'));

    expect(await signedIn.textContent()).toMatch(/Rita Reseller\s*RESELLER/);
    expect(await page.getByLabel('Token').count()).toBe(0);
  });
});
