// Launches Debian's headless Chromium (/usr/bin/chromium) through playwright-core, with the flags that work on these
// machines; shared by the scripts the tests run here (browser.js, admin.js, chat-demo.js).
'use strict';
const {chromium} = require('playwright-core');

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A new browser; the caller closes it. */
function launch() {
  return chromium.launch({executablePath: '/usr/bin/chromium', args: FLAGS});
}

module.exports = {launch};
