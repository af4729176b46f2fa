// How the tests launch Chromium (Debian's /usr/bin/chromium unless CHROMIUM_PATH says otherwise),
// headless and quiet: no sandbox (containers), no GPU, no background traffic. Shared by the package's
// browser test and the inspector's tests, for playwright-core's `launch` and `launchPersistentContext`.
export function chromiumLaunchOptions() {
  return {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
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
  };
}
