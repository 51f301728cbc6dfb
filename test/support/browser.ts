// Chromium from Debian's packages, driven by playwright-core (no browser download).
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The machine's network is closed: keep Chromium from trying to reach Google's services.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A page in a fresh browser context, signed in through the sign-in form as a person would. */
export async function signedInPage(
  browser: Browser,
  webUrl: string,
  account: { login: string; password: string },
): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${webUrl}/sign-in`);
  await page.fill('#login', account.login);
  await page.fill('#password', account.password);
  await Promise.all([page.waitForNavigation(), page.click('#sign-in')]);
  if (!(await page.locator('#signed-in-as').count()))
    throw new Error(`sign-in as ${account.login} failed: ${await page.textContent('body')}`);
  return page;
}
