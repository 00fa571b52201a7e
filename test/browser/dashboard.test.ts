import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Unstable_DevWorker } from "wrangler";
import type { LocalStack } from "../../local/stack.ts";
import { startRefreshedStack } from "../support/dev-worker.ts";

/**
 * The dashboard in a real browser: Debian's Chromium (`/usr/bin/chromium`, installed by
 * .ci/run; playwright-core never downloads one), driven over the whole local stack: the fan-out
 * fills a real S3 server, and the Worker serves in workerd over HTTP.
 */

const CHROMIUM = "/usr/bin/chromium";
/** Screenshots are test artifacts, kept out of git. */
const ARTIFACTS = fileURLToPath(new URL("../artifacts/", import.meta.url));
/** Every eu- region of the snapshot. */
const EU_REGIONS = [
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
];

let stack: LocalStack;
let worker: Unstable_DevWorker;
let context: BrowserContext;
let page: Page;
let base: string;
let profile: string;

beforeAll(async () => {
  ({ stack, worker } = await startRefreshedStack());
  base = `http://127.0.0.1:${worker.port}`;
  profile = mkdtempSync(join(tmpdir(), "latest-ami-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-quic",
      "--no-first-run",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1200, height: 900 },
    colorScheme: "light",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: base });
  page = await context.newPage();
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await context?.close();
  await worker?.stop();
  await stack?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** The table row of a region. */
const rowOf = (region: string) => page.locator(`#rows tr[data-region="${region}"]`);

async function visibleRegions(): Promise<string[]> {
  return page.locator("#rows tr:not([hidden]) th").allTextContents();
}

describe("the dashboard in Chromium", () => {
  it("shows the default family's image for each region", async () => {
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${base}/`);
    await expect
      .poll(() => rowOf("us-east-1").locator(".image-id").textContent())
      .toBe("ami-0006118602dfc1c09");
    expect(await page.locator("#rows tr").count()).toBe(30);
    expect(await page.locator("#os").inputValue()).toBe("AL2023");
    expect(await page.locator("#family").textContent()).toBe("al2023-ami-kernel-default-x86_64");
    expect(await rowOf("us-east-1").locator(".badge").first().textContent()).toBe("fresh");
    expect(await rowOf("us-east-1").locator(".image-id").getAttribute("title")).toBe(
      "al2023-ami-2023.12.20260727.0-kernel-6.1-x86_64\nCreated 2026-07-27",
    );
    expect(errors).toEqual([]);
  });

  it("switches to arm64 and keeps the choice in the URL", async () => {
    await page.selectOption("#arch", "arm64");
    await expect
      .poll(() => rowOf("us-east-1").locator(".image-id").textContent())
      .toBe("ami-04fc404d256fd34a2");
    expect(await page.locator("#family").textContent()).toBe("al2023-ami-kernel-default-arm64");
    expect(new URL(page.url()).searchParams.get("family")).toBe("al2023-ami-kernel-default-arm64");
  });

  it("puts the ImageId on the clipboard with the copy button", async () => {
    await rowOf("us-east-1").getByRole("button", { name: "Copy ami-04fc404d256fd34a2 (us-east-1)" }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("ami-04fc404d256fd34a2");
    await expect.poll(() => page.locator("#status").textContent()).toBe("Copied ami-04fc404d256fd34a2");
  });

  it("copies the curl snippet from the keyboard alone", async () => {
    const details = rowOf("eu-west-1").locator("details");
    await details.locator("summary").focus();
    await page.keyboard.press("Enter");
    expect(await details.getAttribute("open")).toBe("");
    // Tab past the snippet itself, which Chromium makes focusable when it scrolls.
    await page.keyboard.press("Tab");
    if (await page.evaluate(() => document.activeElement?.tagName === "PRE"))
      await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(
      "Copy curl command for eu-west-1",
    );
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
      `curl -fsS "${base}/latest/eu-west-1/al2023-ami-kernel-default-arm64?field=ImageId"`,
    );
  });

  it("narrows the table with the region filter, and a shared URL restores the view", async () => {
    await page.fill("#filter", "eu-");
    await expect.poll(visibleRegions).toEqual(EU_REGIONS);
    expect(await page.locator("#count").textContent()).toBe("8 of 30 regions");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png") });

    const shared = page.url();
    expect(new URL(shared).searchParams.get("q")).toBe("eu-");
    const other = await context.newPage();
    await other.goto(shared);
    await expect
      .poll(() => other.locator('#rows tr[data-region="eu-west-1"] .image-id').textContent())
      .toBe("ami-0ab117b5527d5fe24");
    expect(await other.locator("#arch").inputValue()).toBe("arm64");
    expect(await other.locator("#filter").inputValue()).toBe("eu-");
    expect(await other.locator("#rows tr:not([hidden])").count()).toBe(8);
    await other.close();
  });

  it("follows prefers-color-scheme, with readable contrast in both schemes", async () => {
    const measure = () =>
      page.evaluate(() => {
        /** WCAG 2 contrast ratio of two computed rgb() colours. */
        const luminance = (color: string) => {
          const [r, g, b] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
            const c = Number(v) / 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
          });
          return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
        };
        const ratio = (a: string, b: string) => {
          const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
          return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
        };
        const background = getComputedStyle(document.body).backgroundColor;
        const of = (selector: string) => {
          const element = document.querySelector(selector);
          if (!element) return 0;
          const style = getComputedStyle(element);
          const own = style.backgroundColor;
          return ratio(style.color, own === "rgba(0, 0, 0, 0)" ? background : own);
        };
        return {
          background,
          ratios: {
            text: of("#rows th"),
            muted: of(".summary"),
            link: of("nav a"),
            fresh: of(".badge.fresh"),
            code: of(".image-id"),
          },
        };
      });
    const light = await measure();
    await page.emulateMedia({ colorScheme: "dark" });
    const dark = await measure();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-dark.png") });
    await page.emulateMedia({ colorScheme: "light" });
    expect(light.background).toBe("rgb(255, 255, 255)");
    expect(dark.background).toBe("rgb(13, 17, 23)");
    for (const [scheme, { ratios }] of Object.entries({ light, dark })) {
      for (const [what, ratio] of Object.entries(ratios)) {
        expect(ratio, `${scheme} ${what}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});
