// Sends bodies over the node's --max-body with Node's own fetch (undici) and checks that each gets the JSON 413.
// Usage: node oversized-bodies.mjs URL MAX_BODY_BYTES TRIES [API_KEY]
// Prints one JSON line, {"tries":n,"got413":n,"failures":[...]}, and exits 0 only where every try got the 413.
const [url, maxBody, tries, key] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4]), process.argv[5]];

const failures = [];
let got413 = 0;
for (let i = 0; i < tries; i++) {
    // Just past the limit, and 2 to 8MiB past it: the small ones fit in the sockets' buffers, the large ones do not,
    // and fetch is still writing them when the answer comes (a node that closed at once reset about half of those).
    const size = maxBody + 1 + (i % 5) * 2 * 1024 * 1024;
    const headers = {'Content-Type': 'application/json'};
    if (key) {
        headers.Authorization = `Bearer ${key}`;
    }
    try {
        const response = await fetch(url, {method: 'POST', headers, body: Buffer.alloc(size, 'x')});
        const body = await response.json();
        if (response.status === 413 && body.code === 413 && body.data === null && typeof body.msg === 'string') {
            got413++;
        } else {
            failures.push({size, status: response.status, body});
        }
    } catch (e) {
        failures.push({size, error: String(e), cause: e.cause ? String(e.cause.code || e.cause) : null});
    }
}
console.log(JSON.stringify({tries, got413, failures}));
process.exit(failures.length === 0 ? 0 : 1);
