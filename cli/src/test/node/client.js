// A client on npm's ws, driven by a test (NodeWsInteropIT): node client.js URL
// Prints "OPEN" once connected, then each text frame it receives as one line, and "CLOSE <code>" with the code of
// the server's close frame when the connection ends. Each line on stdin is sent as one text frame, but "close",
// which closes with 1000.
'use strict';
const readline = require('readline');
const WebSocket = require('ws');

const ws = new WebSocket(process.argv[2]);
ws.on('open', () => {
  console.log('OPEN');
  readline.createInterface({input: process.stdin}).on('line', line => {
    if (line === 'close') {
      ws.close(1000);
    } else {
      ws.send(line);
    }
  });
});
ws.on('message', (data, isBinary) => console.log(isBinary ? 'BINARY ' + data.length : data.toString('utf8')));
ws.on('close', code => {
  console.log('CLOSE ' + code);
  process.exit(0);
});
ws.on('error', error => {
  console.log('ERROR ' + error.message);
  process.exit(1);
});
