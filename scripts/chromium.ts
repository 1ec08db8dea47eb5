/**
 * Finding and starting the system's Chromium (Debian's `chromium` package) for the browser
 * test and `npm run bench:browser`, through playwright-core: never a downloaded browser build.
 * @module
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

/**
 * The Chromium executable: `$CHROMIUM_PATH`, else `/usr/bin/chromium`; undefined when absent.
 * @example chromiumPath() // "/usr/bin/chromium"
 */
export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  return existsSync(path) ? path : undefined;
}

/**
 * Starts headless Chromium, or throws saying how to install it.
 * @example const browser = await launchChromium(); // ... await browser.close();
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath === undefined) throw new Error("no Chromium at $CHROMIUM_PATH or /usr/bin/chromium: install it (apt-get install -y chromium)");
  // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start;
  // --disable-dev-shm-usage: containers' /dev/shm is often too small for it.
  return chromium.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}
