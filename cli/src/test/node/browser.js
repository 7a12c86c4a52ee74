// A client that is a real headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core), run by a test
// (ChromiumInteropIT): node browser.js URL
// Serves a blank page on 127.0.0.1 (so that the page's origin is loopback, like the node), opens it, and opens
// `new WebSocket(URL)` in it. Speaks the same lines as client.js: prints "OPEN" once connected, then each text frame
// the page receives as one line, and "CLOSE <code>" with the code of the server's close frame when the connection
// ends. Each line on stdin is sent as one text frame by the page, but "close", which closes with 1000.
'use strict';
const http = require('http');
const readline = require('readline');
const chromium = require('./chromium');

let browser;
let server;

async function end(code) {
  try {
    if (browser) {
      await browser.close();
    }
  } catch (ignored) {
    // the browser is gone already
  }
  if (server) {
    server.close();
  }
  process.exit(code);
}

async function main() {
  server = http.createServer((request, response) => {
    response.writeHead(200, {'content-type': 'text/html; charset=utf-8'});
    response.end('<!doctype html><title>herald interop</title>');
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch();
  const page = await browser.newPage();
  let errored = false;
  // Called by the page, in the order its events happen.
  await page.exposeFunction('heraldOpen', () => {
    console.log('OPEN');
    let sending = Promise.resolve();
    readline.createInterface({input: process.stdin}).on('line', line => {
      // One after the other, so that frames leave in the order of the lines.
      sending = sending.then(() => page.evaluate(line === 'close'
        ? () => window.heraldSocket.close(1000)
        : text => window.heraldSocket.send(text), line)).catch(error => {
        console.log('ERROR ' + error.message);
        end(1);
      });
    });
  });
  await page.exposeFunction('heraldMessage', line => console.log(line));
  await page.exposeFunction('heraldError', () => {
    errored = true;
    console.log('ERROR the WebSocket failed');
  });
  await page.exposeFunction('heraldClose', code => {
    console.log('CLOSE ' + code);
    end(errored ? 1 : 0);
  });
  await page.goto('http://127.0.0.1:' + server.address().port + '/');
  await page.evaluate(url => {
    const socket = new WebSocket(url);
    socket.binaryType = 'arraybuffer';
    window.heraldSocket = socket;
    socket.onopen = () => window.heraldOpen();
    socket.onmessage = event => window.heraldMessage(typeof event.data === 'string'
      ? event.data : 'BINARY ' + event.data.byteLength);
    socket.onerror = () => window.heraldError();
    socket.onclose = event => window.heraldClose(event.code);
  }, process.argv[2]);
}

main().catch(error => {
  console.log('ERROR ' + error.message);
  end(1);
});
