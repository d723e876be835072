// Reads the linked-data site of `qe2rdf serve` in headless Chromium as a person would:
// opens a question by its IRI, follows its author, its ministry and a body it cites,
// checks what each page says, and saves screenshots at desktop and phone widths.
//
//   QE2RDF_URL=http://127.0.0.1:7878 ARTIFACTS=dir node site.test.mjs
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import assert from "node:assert/strict";

const url = process.env.QE2RDF_URL ?? "http://127.0.0.1:7878";
const artifacts = process.env.ARTIFACTS ?? "artifacts";
mkdirSync(artifacts, { recursive: true });

// A question with an author, an assigned ministry and a cited body.
const sparql = `SELECT ?q WHERE {
  ?q a <https://w3id.org/qe2rdf/ontology#Question> ;
     <http://purl.org/dc/terms/creator> ?a ;
     <https://w3id.org/qe2rdf/ontology#ministryAssigned> ?m ;
     <http://schema.org/mentions> ?b .
} ORDER BY ?q LIMIT 1`;
const found = await fetch(`${url}/query?query=${encodeURIComponent(sparql)}`, {
  headers: { Accept: "application/sparql-results+json" },
});
const question = (await found.json()).results.bindings[0]?.q?.value;
assert.ok(question, "the store has a question with an author, a ministry and a cited body");
const path = new URL(question).pathname.replace(/^\/qe2rdf/, "");

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
try {
  for (const [device, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    const page = await browser.newPage({ viewport });
    const failures = [];
    page.on("pageerror", e => failures.push(e.message));

    // The question, by its IRI: the server sends the browser to its page.
    const response = await page.goto(url + path);
    assert.equal(response.status(), 200);
    assert.match(page.url(), /\/page\/id\/question\//);
    assert.equal(await page.locator("html").getAttribute("lang"), "fr");
    assert.match(await page.locator("h1").textContent(), /^Question (écrite|orale sans débat|au gouvernement) n° \d+/);
    const jsonld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(jsonld["@type"], "Question");
    assert.equal(jsonld["@id"], question);
    await page.screenshot({ path: `${artifacts}/site-question-${device}.png`, fullPage: true });

    // Its author.
    const author = page.locator("dl.facts dt", { hasText: /^Auteur$/ }).locator("xpath=following-sibling::dd[1]//a");
    const authorName = (await author.textContent()).replace(/^(M\.|Mme) /, "");
    await author.click();
    await page.waitForURL(/\/page\/id\/(acteur|depute)\//);
    assert.equal((await page.locator("h1").textContent()).trim(), authorName);
    assert.match(await page.locator(".kicker").textContent(), /^Député/);
    assert.ok(await page.locator("ol.questions li").count() >= 1, "the deputy's questions are listed");
    await page.screenshot({ path: `${artifacts}/site-deputy-${device}.png`, fullPage: true });
    await page.goBack();

    // Its ministry.
    const ministry = page.locator("dl.facts dt", { hasText: /^Ministère attributaire$/ }).first().locator("xpath=following-sibling::dd[1]//a");
    const ministryName = (await ministry.textContent()).trim();
    await ministry.click();
    await page.waitForURL(/\/page\/id\/(organe|ministere)\//);
    assert.equal((await page.locator("h1").textContent()).trim(), ministryName);
    assert.equal((await page.locator(".kicker").textContent()).trim(), "Ministère");
    assert.match(await page.locator("ul.figures").textContent(), /Taux de réponse/);
    await page.screenshot({ path: `${artifacts}/site-ministry-${device}.png`, fullPage: true });
    await page.goBack();

    // A body its text cites, highlighted in the text.
    const cited = page.locator("a.cited").first();
    const citedName = await cited.getAttribute("title");
    await cited.click();
    await page.waitForURL(/\/page\/id\/entite\//);
    assert.equal((await page.locator("h1").textContent()).trim(), citedName);
    assert.equal((await page.locator(".kicker").textContent()).trim(), "Organisme cité");
    const citing = await page.locator("ol.questions li a").allTextContents();
    assert.ok(citing.length >= 1, "the questions citing it are listed");
    await page.screenshot({ path: `${artifacts}/site-body-${device}.png`, fullPage: true });

    // In English.
    await page.click("a.switch");
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    assert.equal((await page.locator(".kicker").textContent()).trim(), "Cited body");

    // Nothing wider than the screen on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${device}: the page is ${overflow}px wider than the screen`);
    assert.deepEqual(failures, [], "no script error");
    await page.close();
  }
  console.log(`site ok: ${question}, its author, ministry and a cited body, desktop and phone; screenshots in ${artifacts}`);
} finally {
  await browser.close();
}
