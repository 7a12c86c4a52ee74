// The admin page in a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), run by a test
// (AdminPageIT): node admin.js URL KEY SCREENSHOT
// Opens URL (a node's http://127.0.0.1:PORT/admin), types KEY into its form, and waits until the page shows the
// node's id and its connections: prints "SHOWN <node> <connections>". Then, for each line "expect <id> <text>" on
// stdin, waits until the page's element #<id> shows <text> and prints "SEEN <id> <text>"; on "screenshot" saves the
// page to SCREENSHOT and prints "SAVED". Any failure prints "ERROR <message>" and exits with 1; stdin's end closes the browser.
'use strict';
const readline = require('readline');
const chromium = require('./chromium');

/** How long the page may take to show what is awaited: it reads the figures once a second. */
const WAIT_MILLIS = 15000;

let browser;

async function end(code) {
  try {
    if (browser) {
      await browser.close();
    }
  } catch (ignored) {
    // the browser is gone already
  }
  process.exit(code);
}

function fail(error) {
  console.log('ERROR ' + (error && error.message ? error.message.split('\n')[0] : error));
  end(1);
}

async function main() {
  const [url, key, screenshot] = process.argv.slice(2);
  browser = await chromium.launch();
  const page = await browser.newPage({viewport: {width: 1100, height: 800}});
  page.on('pageerror', error => console.log('PAGEERROR ' + error.message));
  page.on('console', message => {
    if (message.type() === 'error') {
      console.log('CONSOLE ' + message.text());
    }
  });
  await page.goto(url);
  await page.fill('#key', key);
  await page.click('button[type=submit]');
  await page.waitForFunction(() => document.getElementById('node').textContent !== ''
    && /^\d+$/.test(document.getElementById('connections').textContent), null, {timeout: WAIT_MILLIS});
  const node = await page.textContent('#node');
  const connections = await page.textContent('#connections');
  console.log('SHOWN ' + node + ' ' + connections);
  let steps = Promise.resolve();
  readline.createInterface({input: process.stdin}).on('line', line => {
    steps = steps.then(async () => {
      const expect = /^expect (\S+) (.*)$/.exec(line);
      if (expect) {
        const [, id, text] = expect;
        await page.waitForFunction(([id, text]) => document.getElementById(id).textContent === text, [id, text],
          {timeout: WAIT_MILLIS});
        console.log('SEEN ' + id + ' ' + await page.textContent('#' + id));
      } else if (line === 'screenshot') {
        await page.screenshot({path: screenshot, fullPage: true});
        console.log('SAVED');
      } else {
        throw new Error('unknown line: ' + line);
      }
    }).catch(fail);
  }).on('close', () => steps.then(() => end(0)));
}

main().catch(fail);
