/**
 * How every test and the bench start the system Chromium: never a downloaded
 * browser, and with the flags a root, offline, headless machine needs (without
 * the background-networking ones Chromium keeps dialling out and failing).
 */
import type { Browser } from 'playwright-core';

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export const CHROME_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  // Loaded here, not at the top: the browser-test config only needs the constants.
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
}
