import type { Locator, Page } from 'playwright-core';
import { shown, WAIT_MS } from './console-browser';

/** A case's screen, read as its reader reads it. */
export class CaseScreen {
  constructor(private readonly page: Page) {}

  /** The case as shown: now, or as it stood at the point travelled to. */
  document(): Locator {
    return this.page.getByRole('region', { name: 'The case' });
  }

  timeline(): Locator {
    return this.page.getByRole('region', { name: 'Timeline' });
  }

  events(): Locator {
    return this.timeline().locator('ol.events > li');
  }

  /** Waits until the timeline shows every event with what it changed. */
  async timelineRead(): Promise<void> {
    await shown(this.events().first());
    await this.timeline().locator('.loading').first().waitFor({ state: 'detached', timeout: WAIT_MS });
  }

  eventHeadings(): Promise<string[]> {
    return this.events().getByRole('heading', { level: 3 }).allTextContents();
  }

  /** [field, before, after] of each field the event changed. */
  changesOf(event: Locator): Promise<string[][]> {
    return event
      .locator('table tbody tr')
      .evaluateAll((rows) => rows.map((row: any) => [...row.children].map((cell: any) => cell.textContent)));
  }

  /** The plain fields of the case shown, by label. */
  fields(): Promise<Record<string, string>> {
    return this.document()
      .locator('dl')
      .first()
      .evaluate((list: any) =>
        Object.fromEntries(
          [...list.children].map((pair: any) => [
            pair.querySelector('dt').textContent,
            pair.querySelector('dd').textContent,
          ]),
        ),
      );
  }

  /** What the document says it shows: "Now", or the revision or instant travelled to. */
  when(): Locator {
    return this.document().locator('.when').first();
  }

  badge(text: string): Locator {
    return this.page.getByRole('status').filter({ hasText: text });
  }

  /** The badge's text colour as [red, green, blue]. */
  async colourOf(locator: Locator): Promise<number[]> {
    const colour = await locator.evaluate((element) => (globalThis as any).getComputedStyle(element).color as string);
    return (colour.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  }
}
