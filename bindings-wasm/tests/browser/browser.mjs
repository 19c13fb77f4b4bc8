// Launches Debian's Chromium headless through playwright-core (playwright's own browser download is
// not reachable on our machines).
import { chromium } from "playwright-core";

export async function launch() {
  const executablePath = process.env.CHROMIUM || "/usr/lib/chromium/chromium";
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}
