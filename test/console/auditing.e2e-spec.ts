import { readFileSync } from 'node:fs';
import { newId, ServiceUnderTest } from '../support/service-under-test';
import { SupportCaseClient } from '../support/support-case-client';
import { caseWithHistory, tamperWithDevice, UPDATE_REQUEST_ID } from './support/audited-cases';
import { CaseScreen } from './support/case-screen';
import {
  ConsoleSuite,
  ConsoleTab,
  describeWithChromium,
  PHONE,
  shown,
  WAIT_MS,
  type OpenOptions,
} from './support/console-browser';

const AUDITED_NAME = 'Fjernbetjening virker ikke';

describeWithChromium("the auditor's console, for ADMIN", () => {
  const suite = ConsoleSuite.started();
  let service: ServiceUnderTest;
  let adminToken: string;
  let admin: SupportCaseClient;
  let audited: string;
  const customer = newId();
  const otherCustomer = newId();

  beforeAll(async () => {
    service = suite.service;
    adminToken = await service.token({ accessLevel: 'ADMIN', name: 'Ann Admin' });
    admin = new SupportCaseClient(service, adminToken);
    for (let n = 1; n <= 21; n++) {
      await admin.created({ name: `Ingen lyd på kanal ${n}`, customer: otherCustomer, solved: n % 3 === 0 });
    }
    audited = await caseWithHistory(service, adminToken, customer);
    await service.projected();
    await service.sealed();
  });

  const open = (options: OpenOptions = {}) => suite.open({ token: adminToken, ...options });
  const openCase = (id: string, options: OpenOptions = {}) => open({ screen: `#/cases/${id}`, ...options });

  it('signs in with a pasted token and opens a case, with the keyboard alone', async () => {
    const tab = await open({ token: undefined });
    const { page } = tab;
    await shown(tab.heading("Auditor's console"));
    await tab.expectAccessible('sign-in');
    await tab.screenshot('sign-in');

    await tab.tabTo(page.getByLabel('Token'));
    await page.keyboard.insertText(adminToken);
    await tab.tabTo(page.getByRole('button', { name: 'Sign in' }));
    await page.keyboard.press('Enter');
    const link = await shown(page.getByRole('link', { name: AUDITED_NAME }));
    await tab.expectAccessible('case list');
    await tab.screenshot('case-list');
    await tab.tabTo(link);
    const outline = await tab.focusOutline();
    await page.keyboard.press('Enter');

    await shown(tab.heading(AUDITED_NAME));
    expect(outline).toBe('solid');
    expect(page.url()).toMatch(new RegExp(`/console/#/cases/${audited}$`));
    expect(await tab.tokenCookie()).toBe(adminToken);
    await expect(page.getByText('Signed in as Ann Admin').textContent()).resolves.toMatch(/Ann Admin\s*ADMIN/);
  });

  it('lists the cases newest first, 20 a page, and finds them by customer and by status', async () => {
    const tab = await open();
    const { page } = tab;
    const pages = page.getByRole('navigation', { name: 'Pages' });
    const names = () => page.locator('table tbody th a').allTextContents();
    const search = async (customerId: string, status: string) => {
      await page.getByLabel('Customer id').fill(customerId);
      await page.getByLabel('Status').selectOption({ label: status });
      await page.getByRole('button', { name: 'Search' }).click();
    };
    const namesOf = async (query: string) =>
      (await admin.list(query)).body.supportCases.map((supportCase: { name: string }) => supportCase.name);
    const total = (await admin.list('?limit=1')).body.total;

    await shown(pages.getByText(`1–20 of ${total}`));
    const firstPage = await names();
    await pages.getByRole('button', { name: 'Next' }).click();
    await shown(pages.getByText(`21–${total} of ${total}`));
    const secondPage = await names();
    await search(otherCustomer, 'Solved');
    await shown(pages.getByText('1–7 of 7'));
    const solvedOfOther = await names();
    await search(customer, 'All');
    await shown(pages.getByText('1–1 of 1'));
    const ofCustomer = await names();
    await search('abc', 'All');

    expect(firstPage).toEqual(await namesOf('?limit=20'));
    expect(firstPage[0]).toBe(AUDITED_NAME);
    expect(secondPage).toEqual(await namesOf('?limit=20&offset=20'));
    expect(solvedOfOther).toEqual(await namesOf(`?customer=${otherCustomer}&solved=true`));
    expect(ofCustomer).toEqual([AUDITED_NAME]);
    await shown(page.getByText('A customer id is 24 hex characters'));
    expect(tab.requested(/customer=abc/)).toEqual([]);
    await tab.expectAccessible('case list, searched');
  });

  it('shows each event of the timeline with its actor, correlation id and the fields it changed, before → after', async () => {
    const events = await admin.history(audited);
    const tab = await openCase(audited);
    const { page } = tab;
    const screen = new CaseScreen(page);

    await screen.timelineRead();

    expect(await screen.eventHeadings()).toEqual(events.map(({ revision, type }) => `Revision ${revision} ${type}`));
    const row = (type: string) => screen.events().nth(events.findIndex((event) => event.type === type));
    expect(await screen.changesOf(row('SupportCaseCreated'))).toEqual(
      expect.arrayContaining([
        ['Name', '(none)', AUDITED_NAME],
        ['Device', '(none)', 'IOS'],
        ['Customer name', '(none)', 'Jens Hansen'],
      ]),
    );
    expect(await screen.changesOf(row('SupportCaseUpdated'))).toEqual([
      [
        'Description',
        'Fjernbetjeningen reagerer ikke efter opdateringen',
        'Fjernbetjeningen reagerer ikke efter opdatering til 4.2',
      ],
      ['Device', 'IOS', 'APPLETV'],
    ]);
    expect(await screen.changesOf(row('SupportCaseCommented'))).toEqual([
      ['Comment', '(none)', expect.stringContaining('Ann Admin (support): Prøv at genstarte boksen')],
    ]);
    expect(await screen.changesOf(row('SupportCaseSolved'))).toEqual([['Solved', 'no', 'yes']]);
    expect(await screen.changesOf(row('SupportCaseResponded'))).toEqual(
      expect.arrayContaining([['Response', '(none)', 'En genstart af boksen løste det']]),
    );
    const updated = await row('SupportCaseUpdated').textContent();
    expect(updated).toContain(UPDATE_REQUEST_ID);
    expect(updated).toMatch(/Ann Admin\s*ADMIN/);
    expect(tab.requested(/\?revision=\d+$/).length).toBeGreaterThanOrEqual(events.length);
    await tab.expectAccessible('case with its timeline');
    await tab.screenshot('case-timeline');
  });

  it('shows the whole case as it stood at an earlier revision, a step later, and at an instant', async () => {
    const events = await admin.history(audited);
    const tab = await openCase(audited);
    const { page } = tab;
    const screen = new CaseScreen(page);
    await screen.timelineRead();
    const instant = page.getByLabel('Instant');

    await page.getByLabel('Revision').selectOption('0');
    await shown(screen.when().getByText('As it stood at revision 0'));
    const atRevision0 = await screen.fields();
    await page.getByRole('button', { name: 'Later' }).click();
    await shown(screen.when().getByText('As it stood at revision 1'));
    const atRevision1 = await screen.fields();
    await instant.fill(await localInputValue(page, events[1].date));
    await page.getByRole('button', { name: 'Show as of then' }).click();
    await shown(screen.when().getByText(/at revision 1$/));
    const atInstant = await screen.fields();
    const pickedAtInstant = await page.getByLabel('Revision').inputValue();
    const commentsAtInstant = await screen
      .document()
      .getByRole('heading', { name: /^Comments/ })
      .textContent();
    await tab.screenshot('case-as-of-an-instant');
    await instant.fill(await localInputValue(page, new Date(Date.parse(events[0].date) - 86_400_000).toISOString()));
    await page.getByRole('button', { name: 'Show as of then' }).click();
    await shown(screen.document().getByText(/The case did not exist yet at/));
    await page.getByRole('button', { name: 'Back to now' }).click();
    await shown(screen.when().getByText('Now'));
    const now = await screen.fields();

    expect(atRevision0).toMatchObject({ Device: 'IOS', Solved: 'no' });
    expect(atRevision1).toMatchObject({ Device: 'APPLETV', Solved: 'no' });
    expect(atInstant).toEqual(atRevision1);
    expect(pickedAtInstant).toBe('instant');
    expect(commentsAtInstant).toBe('Comments (0)');
    expect(now).toMatchObject({ Device: 'APPLETV', Solved: 'yes' });
    expect(tab.requested(/asOf=/)).toContain(`/iptv/supportcase/${audited}?asOf=${encodeURIComponent(events[1].date)}`);
    await tab.expectAccessible('case as it stood at an instant');
  });

  it('shows the chain verified in green, sealed by the newest signed head and its key', async () => {
    const events = await admin.history(audited);
    const head = (await service.request('GET', '/audit/checkpoint', { token: adminToken })).body;
    const tab = await openCase(audited);
    const { page } = tab;
    const screen = new CaseScreen(page);

    const badge = await shown(screen.badge('Verified'));

    expect(await badge.textContent()).toBe(
      `✓ Verified, ${events.length} events, sealed by the head of size ${head.treeSize} signed by key ${head.keyId}`,
    );
    const [red, green, blue] = await screen.colourOf(badge);
    expect(green).toBeGreaterThan(red);
    expect(green).toBeGreaterThan(blue);
  });

  it("downloads the case's audit export: NDJSON whose event lines are the case's events", async () => {
    const events = await admin.history(audited);
    const tab = await openCase(audited);
    const { page } = tab;

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT_MS }),
      page.getByRole('link', { name: 'Export history (NDJSON)' }).click(),
    ]);

    expect(await download.failure()).toBeNull();
    const lines = readFileSync(await download.path(), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
    const exported = lines.filter((line) => line.kind === 'event');
    expect(exported.map(({ streamId, revision, type, hash }) => ({ streamId, revision, type, hash }))).toEqual(
      events.map(({ revision, type, hash }) => ({ streamId: `supportCase-${audited}`, revision, type, hash })),
    );
  });

  it('erases a case through a dialog that asks why, closes on Escape and gives the focus back', async () => {
    const id = await caseWithHistory(service, adminToken, customer);
    await service.projected();
    const reason = 'GDPR art. 17, request 2026-204';
    const tab = await openCase(id);
    const { page } = tab;
    const screen = new CaseScreen(page);
    const eraseButton = await shown(page.getByRole('button', { name: 'Erase personal data…' }));
    const dialog = page.getByRole('dialog', { name: "Erase this case's personal data" });

    await eraseButton.click();
    await shown(dialog);
    const reasonFocused = await tab.isFocused(dialog.getByLabel('Reason'));
    await tab.expectAccessible('erasure dialog');
    await tab.screenshot('erase-dialog');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: WAIT_MS });
    const buttonFocusedAgain = await tab.isFocused(eraseButton);
    const erasedBeforeConfirming = tab.requested(/\/erase$/);
    await eraseButton.click();
    await dialog.getByLabel('Reason').fill(reason);
    const [erasure] = await Promise.all([
      page.waitForResponse((response) => response.url().endsWith(`/${id}/erase`), { timeout: WAIT_MS }),
      dialog.getByRole('button', { name: 'Erase', exact: true }).click(),
    ]);
    await shown(tab.heading(`Case ${id}`));
    await shown(screen.document().getByText(`: ${reason}`));
    await shown(screen.timeline().getByRole('heading', { name: /SupportCaseErased$/ }));
    await screen.timelineRead();

    expect(reasonFocused).toBe(true);
    expect(buttonFocusedAgain).toBe(true);
    expect(erasedBeforeConfirming).toEqual([]);
    expect({ status: erasure.status(), body: erasure.request().postDataJSON() }).toEqual({
      status: 200,
      body: { reason },
    });
    const text = (await page.locator('main').textContent()) ?? '';
    expect(['Fjernbetjening', 'Jens Hansen', 'genstarte'].filter((personal) => text.includes(personal))).toEqual([]);
    expect(await screen.changesOf(screen.events().last())).toEqual([
      ['Erased on', '(none)', expect.any(String)],
      ['Erasure reason', '(none)', reason],
    ]);
    expect((await admin.get(id)).body.erased).toEqual({ date: expect.any(String), reason });
    await tab.expectAccessible('erased case');
    await tab.screenshot('case-erased');
  });

  it('shows a chain broken at rest in red, naming the revision where it breaks and why', async () => {
    const { _id: id } = await admin.created({ name: 'Sort skærm på boksen', customer, device: 'DVB' });
    expect((await admin.update(id, { device: 'ANDROIDTV' })).status).toBe(200);
    await service.projected();
    tamperWithDevice(service, id, 1, 'OTHER');
    const verdict = (await admin.verifyHistoryReply(id)).body;
    const tab = await openCase(id);
    const { page } = tab;
    const screen = new CaseScreen(page);

    const badge = await shown(screen.badge('Broken'));

    expect(verdict).toMatchObject({ ok: false, brokenAt: 1 });
    expect(await badge.textContent()).toBe(`✗ Broken at revision 1: ${verdict.reason}`);
    const [red, green, blue] = await screen.colourOf(badge);
    expect(red).toBeGreaterThan(green);
    expect(red).toBeGreaterThan(blue);
    await tab.expectAccessible('case with a broken chain');
    await tab.screenshot('case-broken-chain');
  });

  it('fits the list and a case on a phone, 390×844, without scrolling sideways', async () => {
    const tab = await open({ viewport: PHONE });
    const { page } = tab;
    const screen = new CaseScreen(page);

    const link = await shown(page.getByRole('link', { name: AUDITED_NAME }));
    await link.click();
    // The list is measured on the way back, after the case, so both screens are read in full.
    await screen.timelineRead();
    const caseOverflows = await tab.overflowsSideways();
    await tab.expectAccessible('case on a phone');
    await tab.screenshot('case');
    await page.getByRole('link', { name: '← All support cases' }).click();
    await shown(page.getByRole('navigation', { name: 'Pages' }));
    const listOverflows = await tab.overflowsSideways();
    await tab.expectAccessible('case list on a phone');
    await tab.screenshot('case-list');

    expect({ caseOverflows, listOverflows }).toEqual({ caseOverflows: false, listOverflows: false });
  });
});

/** What a datetime-local input holds for `iso`, in the page's time zone, to the millisecond. */
function localInputValue(page: ConsoleTab['page'], iso: string): Promise<string> {
  return page.evaluate((instant) => {
    const date = new Date(instant);
    const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 23);
    // The input drops zero milliseconds, then zero seconds, as its value does.
    return local.replace(/\.000$/, '').replace(/(T\d\d:\d\d):00$/, '$1');
  }, iso);
}
