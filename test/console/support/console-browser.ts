import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { ServiceConfig } from '../../../apps/supportcase-service/src/config/service-config';
import { ServiceUnderTest } from '../../support/service-under-test';

/** Debian's chromium: the suites never download a browser. */
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

const REPOSITORY = join(__dirname, '..', '..', '..');
const BUILT_CONSOLE = join(REPOSITORY, 'dist', 'auditor-console', 'index.html');
const ARTIFACTS = join(REPOSITORY, 'test', 'artifacts');

const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
type Viewport = typeof DESKTOP;

/** A bound for one condition in the page: generous for a busy two-core machine. */
export const WAIT_MS = 15_000;

/**
 * A suite in Debian's chromium: it runs when the browser is installed. Under CI=true a missing
 * browser fails the suite instead of skipping it: CI installs it (see .ci/run).
 */
export function describeWithChromium(name: string, suite: () => void): void {
  if (existsSync(CHROMIUM_PATH)) {
    describe(name, suite);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium under CI', () => {
        throw new Error(`${CHROMIUM_PATH} is missing: CI must install Debian's chromium (see .ci/run)`);
      });
    });
    return;
  }
  const skipped = describe.skip;
  skipped(`${name} (install Debian's chromium at ${CHROMIUM_PATH} to run it)`, suite);
}

/** Fails unless dist/auditor-console holds the built console, which the service serves. */
export function assertConsoleBuilt(): void {
  if (!existsSync(BUILT_CONSOLE)) {
    throw new Error(`the console is not built (${BUILT_CONSOLE} is missing): run npm run build:console`);
  }
}

/** The browser, once the console is built. */
export async function launchChromium(): Promise<Browser> {
  assertConsoleBuilt();
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

const ROLES: ServiceConfig['roles'] = new Set(['api', 'projector', 'sealer']);

/**
 * What a console suite runs against: the browser and the service, on the embedded default,
 * started before the suite's own setup and closed after it. Each test's tab is closed after the
 * test, once it is shown to have asked nothing of another host.
 */
export class ConsoleSuite {
  browser!: Browser;
  service!: ServiceUnderTest;
  private opened: ConsoleTab | undefined;

  private constructor() {}

  /** Registers the suite's hooks; call it first in the describe block. */
  static started(): ConsoleSuite {
    const suite = new ConsoleSuite();
    beforeAll(async () => {
      suite.browser = await launchChromium();
      suite.service = await ServiceUnderTest.start({ roles: ROLES, databaseUrl: undefined });
    });
    afterEach(async () => {
      try {
        expect(suite.opened?.foreignRequests(suite.service.baseUrl)).toEqual([]);
      } finally {
        await suite.opened?.close();
        suite.opened = undefined;
      }
    });
    afterAll(async () => {
      await suite.browser?.close();
      await suite.service?.stop();
    });
    return suite;
  }

  async open(options: OpenOptions = {}): Promise<ConsoleTab> {
    this.opened = await ConsoleTab.open(this.browser, this.service.baseUrl, options);
    return this.opened;
  }
}

interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface OpenOptions {
  viewport?: Viewport;
  /** Set as the `token` cookie before the console opens. */
  token?: string;
  /** The address's fragment, e.g. `#/cases/ID`. */
  screen?: string;
}

/** One tab of the console in a browser context of its own, recording every request it makes. */
export class ConsoleTab {
  readonly requests: URL[] = [];

  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly viewport: Viewport,
  ) {
    page.on('request', (request) => this.requests.push(new URL(request.url())));
  }

  /** The console at `screen` (#/cases/ID for a case), signed in already when `token` is given (as its cookie). */
  static async open(browser: Browser, baseUrl: string, options: OpenOptions = {}): Promise<ConsoleTab> {
    const { viewport = DESKTOP, token, screen = '' } = options;
    const context = await browser.newContext({
      viewport,
      baseURL: baseUrl,
      // Axe is injected as an inline script, which the console's Content-Security-Policy refuses.
      bypassCSP: true,
      acceptDownloads: true,
      // Not UTC: an instant the reader picks is local time, and must reach the service as the same instant.
      timezoneId: 'Europe/Copenhagen',
    });
    if (token) await context.addCookies([{ name: 'token', value: token, url: baseUrl, sameSite: 'Strict' }]);
    const tab = new ConsoleTab(context, await context.newPage(), viewport);
    await tab.page.goto(`/console/${screen}`);
    return tab;
  }

  /** Requests to any other origin than the service's, which the console must never make. */
  foreignRequests(baseUrl: string): string[] {
    const origin = new URL(baseUrl).origin;
    return this.requests.filter((url) => url.origin !== origin).map(String);
  }

  /** Paths (and queries) of the requests made so far that match. */
  requested(pattern: RegExp): string[] {
    return this.requests.map((url) => `${url.pathname}${url.search}`).filter((path) => pattern.test(path));
  }

  async signIn(token: string): Promise<void> {
    await (await shown(this.page.getByLabel('Token'))).fill(token);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Presses Tab until `target` has the focus, as a keyboard user would reach it. */
  async tabTo(target: Locator, maxPresses = 40): Promise<void> {
    for (let press = 0; press < maxPresses; press++) {
      await this.page.keyboard.press('Tab');
      if (await this.isFocused(target)) return;
    }
    throw new Error(`${target} not reached with ${maxPresses} presses of Tab`);
  }

  isFocused(target: Locator): Promise<boolean> {
    return target.evaluate((element) => element === (globalThis as any).document.activeElement);
  }

  /** The focused element's outline style: what shows where the focus is. */
  focusOutline(): Promise<string> {
    return this.page.evaluate(() => {
      const { document, getComputedStyle } = globalThis as any;
      return getComputedStyle(document.activeElement).outlineStyle;
    });
  }

  heading(name: string | RegExp, level = 1): Locator {
    return this.page.getByRole('heading', { name, level });
  }

  async tokenCookie(): Promise<string | undefined> {
    return (await this.context.cookies()).find((cookie) => cookie.name === 'token')?.value;
  }

  /** Fails naming `screen` and each violation axe-core rates serious or critical. */
  async expectAccessible(screen: string): Promise<void> {
    if (!(await this.page.evaluate(() => 'axe' in globalThis))) await this.page.addScriptTag({ content: AXE_SOURCE });
    const violations = (await this.page.evaluate(() => (globalThis as any).axe.run({ resultTypes: ['violations'] })))
      .violations as AxeViolation[];
    const serious = violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(({ id, impact, help, nodes }) => `${id} (${impact}): ${help}, at ${nodes.map((node) => node.target)}`);
    expect({ screen, serious }).toEqual({ screen, serious: [] });
  }

  /** test/artifacts/<name>-<width>x<height>.png, which git ignores. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    const { width, height } = this.viewport;
    await this.page.screenshot({ path: join(ARTIFACTS, `console-${name}-${width}x${height}.png`) });
  }

  /** Whether the page is wider than the viewport, so the reader would have to scroll sideways. */
  overflowsSideways(): Promise<boolean> {
    return this.page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return root.scrollWidth > root.clientWidth;
    });
  }

  close(): Promise<void> {
    return this.context.close();
  }
}

/** Waits, within WAIT_MS, until the locator is visible; answers it, or fails saying what the page showed instead. */
export async function shown(locator: Locator): Promise<Locator> {
  try {
    await locator.waitFor({ state: 'visible', timeout: WAIT_MS });
  } catch (error) {
    const text = await locator
      .page()
      .locator('body')
      .innerText({ timeout: 1_000 })
      .catch(() => '(nothing readable)');
    throw new Error(`${locator} not shown within ${WAIT_MS} ms; the page showed: ${text.slice(0, 600)}`, {
      cause: error,
    });
  }
  return locator;
}
