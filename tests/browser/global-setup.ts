/** Builds the portal once for all browser test files, as `npm start` would. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";

export default function setup() {
  if (!fs.existsSync("/usr/bin/chromium")) {
    throw new Error("Browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium); .ci/run installs it.");
  }
  if (process.env.SKIP_BUILD !== "1") execFileSync("npx", ["remix", "vite:build"], { stdio: "inherit" });
}
