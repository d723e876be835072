// Drives the query page of `qe2rdf serve` (at /sparql) in headless Chromium: runs a bundled counting
// query, checks that the table and the bar chart are drawn and that the CSV download
// works, runs a query typed by hand, and saves a screenshot.
//
//   QE2RDF_URL=http://127.0.0.1:7878 ARTIFACTS=dir node page.test.mjs
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";

const url = process.env.QE2RDF_URL ?? "http://127.0.0.1:7878";
const artifacts = process.env.ARTIFACTS ?? "artifacts";
mkdirSync(artifacts, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const failures = [];
  page.on("pageerror", e => failures.push(e.message));
  await page.goto(url + "/sparql");
  await page.waitForFunction(() => document.querySelectorAll("#query option").length > 1);

  // A bundled counting query: a table and a bar chart.
  await page.selectOption("#query", "questions-per-legislature-and-type");
  await page.click("#run");
  await page.waitForSelector("#results tbody tr");
  const rows = await page.locator("#results tbody tr").count();
  const bars = await page.locator("#chart rect.bar").count();
  const header = await page.locator("#results thead th").allTextContents();
  const status = await page.locator("#status").textContent();
  assert.ok(rows >= 1, "the table has rows");
  assert.equal(bars, rows, "one bar per row");
  assert.deepEqual(header.slice(0, 3), ["legislature", "type", "questions"]);
  assert.match(status, /^\d+ rows? in \d+ ms$/);
  // The chart counts questions, labelled by legislature and type, as the table does.
  assert.equal(await page.locator("#chart text").first().textContent(), "questions by legislature, type");
  const counts = await page.locator("#results tbody tr td:nth-child(3)").allTextContents();
  const widths = await page.locator("#chart rect.bar").evaluateAll(bars => bars.map(b => Number(b.getAttribute("width"))));
  const largest = counts.indexOf(String(Math.max(...counts.map(Number))));
  assert.equal(widths.indexOf(Math.max(...widths)), largest, "the longest bar is the largest count");
  const csvUrl = await page.locator("#csv").getAttribute("href");
  const csv = await page.request.get(new URL(csvUrl, url).href);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()["content-disposition"] ?? "", /attachment; filename="questions-per-legislature-and-type\.csv"/);
  assert.equal((await csv.text()).split("\r\n")[0], "legislature,type,questions,withAnswer,withdrawnOrLapsed,stillOpen");
  await page.screenshot({ path: `${artifacts}/page-bundled-query.png`, fullPage: true });

  // A query written by hand.
  await page.fill("#sparql", "SELECT ?uid WHERE { ?q a qe:Question ; dcterms:identifier ?uid } ORDER BY ?uid");
  assert.equal(await page.inputValue("#query"), "", "editing the text leaves the bundled query");
  await page.click("#run");
  await page.waitForFunction(() => document.querySelector("#results thead th")?.textContent === "uid");
  const uids = await page.locator("#results tbody td").allTextContents();
  assert.ok(uids.length >= 3 && uids.every(u => /^QANR5L\d+(QE|QOSD|QG)\d+$/.test(u)), uids.join(" "));
  assert.equal(await page.locator("#chart").isHidden(), true, "no chart for a list");

  // A syntax error is shown, not swallowed.
  await page.fill("#sparql", "SELECT ?x WHERE {");
  await page.click("#run");
  await page.waitForSelector("#status.error");
  assert.match(await page.locator("#status").textContent(), /400/);
  assert.deepEqual(failures, [], "no script error on the page");
  console.log(`page ok: ${rows} rows, ${bars} bars, ${uids.length} questions listed; screenshot in ${artifacts}`);
} finally {
  await browser.close();
}
