/**
 * A real browser: headless Chromium (Debian's package) opens a small SurveyJS front-end served on
 * an origin of its own, which loads each published form from the API across origins (CORS), and
 * a person-like filler answers it by clicks and typing, then completes it; the service must accept
 * the submission. The skills test is answered with a one-time token only. Each form's screenshot
 * is written to artifacts/screenshots/ (kept by CI, linked from docs/front-ends.md).
 */
import * as fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { COHORT, issueTokens } from '../support/anonymous-flow';
import { fillInBrowser } from '../support/browser-filler';
import { launchChromium, type LaunchedBrowser } from '../support/chromium';
import { serveFormPage } from '../support/form-page';
import {
  contextOf,
  FRONT_END_CAMPAIGN,
  publishedForms,
  seedFrontEndCampaign,
  type PublishedForm,
} from '../support/front-end-fixture';
import type { StaticServer } from '../support/static-server';
import { createTestApp, type TestApp } from '../support/test-app';

const SCREENSHOTS = path.resolve(__dirname, '../../artifacts/screenshots');
// A form answered key press by key press: the day-2 grid alone has about seventy questions.
const FORM_TIMEOUT = 180_000;

describe('SurveyJS forms in a real browser', () => {
  let pageServer: StaticServer;
  let api: TestApp;
  let apiOrigin: string;
  let collector: string;
  let forms: PublishedForm[];
  let chromium: LaunchedBrowser;

  beforeAll(async () => {
    pageServer = await serveFormPage();
    api = await createTestApp({
      DEMO_DATA: 'false',
      CORS_ORIGINS: pageServer.origin,
      GRAPHIQL: 'true',
    });
    collector = await seedFrontEndCampaign(api);
    forms = await publishedForms(api, collector);
    await api.app.listen(0, '127.0.0.1');
    const { port } = (api.app.getHttpServer() as unknown as Server).address() as AddressInfo;
    apiOrigin = `http://127.0.0.1:${port}`;
    chromium = await launchChromium();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await chromium?.close();
    await api?.close();
    await pageServer?.close();
  });

  /** A page that may talk to the page's origin and the API only (no CDN, nothing else). */
  const openPage = async (
    setup: Record<string, unknown>,
  ): Promise<{ page: Page; hosts: Set<string> }> => {
    const page = await chromium.context.newPage();
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).origin));
    await page.addInitScript((value) => {
      (globalThis as unknown as { __setup: unknown }).__setup = value;
    }, setup);
    await page.goto(`${pageServer.origin}/`);
    await page.locator('.sd-question').first().waitFor({ timeout: 30_000 });
    return { page, hosts };
  };

  const complete = async (page: Page, key: string) => {
    await fillInBrowser(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${key}.png`), fullPage: true });
    await page.locator('.sd-navigation__complete-btn').click();
    await page.waitForFunction(
      () => (globalThis as unknown as { __result?: unknown }).__result,
      null,
      {
        timeout: 30_000,
      },
    );
    return page.evaluate(
      () => (globalThis as unknown as { __result: Record<string, unknown> }).__result,
    );
  };

  it('is offered a form for every published instrument', () => {
    expect(forms.map((form) => form.key).sort()).toEqual([
      'microobs-mediators',
      'techess-debrief',
      'techess-observation-day1',
      'techess-observation-day2',
      'techess-pic-test',
    ]);
  });

  it.each([
    'microobs-mediators',
    'techess-debrief',
    'techess-observation-day1',
    'techess-observation-day2',
  ])(
    '%s: filled by clicks and typing, completed, accepted',
    async (key) => {
      const { page, hosts } = await openPage({
        api: apiOrigin,
        mode: 'collector',
        apiKey: collector,
        instrumentKey: key,
        campaignKey: FRONT_END_CAMPAIGN,
        context: contextOf(key),
      });
      // SurveyJS speaks French: the form declares its locale.
      await expect(page.locator('.sd-navigation__complete-btn').innerText()).resolves.toBe(
        'Terminer',
      );
      const result = await complete(page, key);
      expect(result).toMatchObject({
        __typename: 'SubmissionAccepted',
        submission: { status: 'COMPLETE' },
      });
      expect([...hosts].sort()).toEqual([apiOrigin, pageServer.origin].sort());
      await page.close();
    },
    FORM_TIMEOUT,
  );

  it(
    'techess-pic-test: answered with a one-time token only, accepted',
    async () => {
      const [token] = await issueTokens(api, 'techess-pic-test', 1);
      const { page } = await openPage({ api: apiOrigin, mode: 'anonymous', token, cohort: COHORT });
      const result = await complete(page, 'techess-pic-test');
      expect(result).toMatchObject({ __typename: 'SubmissionAccepted' });
      await page.close();
    },
    FORM_TIMEOUT,
  );

  it('GraphiQL opens in the browser with files from the service only', async () => {
    const page = await chromium.context.newPage();
    const hosts = new Set<string>();
    page.on('request', (request) => hosts.add(new URL(request.url()).origin));
    await page.goto(`${apiOrigin}/graphql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'graphiql.png') });
    expect([...hosts]).toEqual([apiOrigin]);
    await page.close();
  });
});
