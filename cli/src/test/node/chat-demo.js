// The chat demo's page (examples/chat, served by chat.py) in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), one page per user, run by a test (ChatDemoIT): node chat-demo.js
// Reads one step a line from stdin, does them in order, and prints one line for each once it is done:
//   open NAME URL          opens URL in a page of its own, enters the chat as NAME, waits until the status line says
//                          it is connected and the room is loaded                -> OPENED NAME <status line>
//   online NAME A,B        waits until NAME's page lists exactly A,B online      -> ONLINE NAME A,B
//   send NAME TEXT         NAME types TEXT and sends it                          -> SENT NAME TEXT
//   expect NAME TEXT       waits until NAME's page shows a message TEXT          -> SEEN NAME TEXT
//   refused NAME TEXT      waits until NAME's page shows TEXT refused            -> REFUSED NAME <the line>
//   status NAME REGEX      waits until NAME's status line matches REGEX          -> STATUS NAME <status line>
//   messages NAME          the messages NAME's page shows, as JSON [[from, text], ...] -> MESSAGES NAME <json>
//   screenshot NAME PATH   saves NAME's page to PATH                             -> SAVED NAME
// Errors of the pages' own (uncaught exceptions) are printed as "PAGEERROR NAME <message>", their console warnings and
// errors as "CONSOLE NAME <text>". A step that fails prints "ERROR <message>" and exits with 1; stdin's end closes
// the browser.
'use strict';
const readline = require('readline');
const chromium = require('./chromium');

/** The longest a step may take: a reconnect waits for a node to start again, and backs off up to 4 s. */
const WAIT_MILLIS = 30000;

let browser;
const pages = new Map();

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

function page(name) {
  if (!pages.has(name)) {
    throw new Error('no page for ' + name);
  }
  return pages.get(name);
}

function split(rest) {
  const space = rest.indexOf(' ');
  return space < 0 ? [rest, ''] : [rest.slice(0, space), rest.slice(space + 1)];
}

const STEPS = {
  async open(name, url) {
    const tab = await browser.newPage({viewport: {width: 900, height: 560}});
    pages.set(name, tab);
    tab.on('pageerror', error => console.log(`PAGEERROR ${name} ${error.message}`));
    tab.on('console', message => {
      if (message.type() === 'error' || message.type() === 'warning') {
        console.log(`CONSOLE ${name} ${message.text()}`);
      }
    });
    await tab.goto(url);
    await tab.fill('#name', name);
    await tab.click('#enter');
    // Connected, and the room's history read and shown.
    await tab.waitForFunction(() => document.getElementById('status').className === 'connected'
      && document.getElementById('messages').getAttribute('aria-busy') === 'false', null, {timeout: WAIT_MILLIS});
    return `OPENED ${name} ${await tab.textContent('#status')}`;
  },

  async online(name, list) {
    const uids = list.split(',');
    await page(name).waitForFunction(uids => {
      const shown = [...document.querySelectorAll('#online li[data-uid]')].map(item => item.dataset.uid);
      return JSON.stringify(shown) === JSON.stringify(uids);
    }, uids, {timeout: WAIT_MILLIS});
    return `ONLINE ${name} ${list}`;
  },

  async send(name, text) {
    const tab = page(name);
    await tab.fill('#text', text);
    await tab.click('#send');
    // Sent once the field is empty again (a message not sent is put back).
    await tab.waitForFunction(() => document.getElementById('text').value === '', null, {timeout: WAIT_MILLIS});
    return `SENT ${name} ${text}`;
  },

  async expect(name, text) {
    await page(name).waitForFunction(text => [...document.querySelectorAll('#messages li.message .text')]
      .some(item => item.textContent === text), text, {timeout: WAIT_MILLIS});
    return `SEEN ${name} ${text}`;
  },

  async refused(name, text) {
    const tab = page(name);
    await tab.waitForFunction(text => [...document.querySelectorAll('#messages li.refused .text')]
      .some(item => item.textContent === text), text, {timeout: WAIT_MILLIS});
    const line = await tab.evaluate(text => [...document.querySelectorAll('#messages li.refused')]
      .find(item => item.querySelector('.text').textContent === text).textContent, text);
    return `REFUSED ${name} ${line}`;
  },

  async status(name, pattern) {
    const tab = page(name);
    await tab.waitForFunction(pattern => new RegExp(pattern).test(document.getElementById('status').textContent),
      pattern, {timeout: WAIT_MILLIS});
    return `STATUS ${name} ${await tab.textContent('#status')}`;
  },

  async messages(name) {
    const shown = await page(name).evaluate(() => [...document.querySelectorAll('#messages li.message')]
      .map(item => [item.querySelector('.from').textContent, item.querySelector('.text').textContent]));
    return `MESSAGES ${name} ${JSON.stringify(shown)}`;
  },

  async screenshot(name, path) {
    await page(name).screenshot({path, fullPage: true});
    return `SAVED ${name}`;
  },
};

async function main() {
  browser = await chromium.launch();
  let steps = Promise.resolve();
  readline.createInterface({input: process.stdin}).on('line', line => {
    steps = steps.then(async () => {
      const [step, rest] = split(line);
      const [name, argument] = split(rest);
      if (!Object.hasOwn(STEPS, step)) {
        throw new Error('unknown step: ' + line);
      }
      console.log(await STEPS[step](name, argument));
    }).catch(fail);
  }).on('close', () => steps.then(() => end(0)));
}

main().catch(fail);
