// What the examples' end-to-end tests share: the server `npm start` runs, Debian's Chromium
// through playwright-core, and a page that records every error it logs or throws.
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type DemoServer } from '../scripts/serve.mjs';

export interface ExamplePage {
  readonly page: Page;
  /** Uncaught errors and `console.error` lines, in order. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Opens `path` (such as `/examples/react/`) on a fresh server in a fresh headless Chromium. */
export async function openExample(path: string): Promise<ExamplePage> {
  const server: DemoServer = await startServer({ port: 0, log: () => {} });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(new URL(path, server.url).href);
    const opened = browser;
    return {
      page,
      errors,
      close: async () => {
        await opened.close();
        await server.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await server.close();
    throw err;
  }
}
