#!/usr/bin/env python3
"""A chat backend for Herald in one file (Python 3, standard library only), and the page of its browser demo.

Herald calls it:
  POST /auth    (--auth-upstream)   a login: 200 lets the user in and lists the rooms it may join
  POST /chat    (--upstream-route)  a chat.* command: chat.send pushes the message to its room, or refuses it;
                                    chat.history and chat.who (with --api) read a room's history and who is in it
  POST /events  (--events)          connects and disconnects, printed (and, with --api, presence brought up to date)

With --api it calls Herald too, on the node's API port with the API key in HERALD_API_KEY: GET /api/history and
GET /api/groups/online to answer chat.history and chat.who, and POST /api/broadcast to push each room's members a
presence message when who is online in it changes (looked at on every connect, disconnect, chat.who, and every
2 seconds, which also notices the users of a node that died without a word). Several --api URLs are tried in turn.

It also serves the demo's page: GET / (index.html), /chat.js, /herald-client.js (the JS SDK, read from
sdk/js/src/index.js of this checkout) and /config.json (the --ws addresses the page may connect to).

Run: python3 examples/chat/chat.py [PORT] [--api http://127.0.0.1:8081] [--ws ws://127.0.0.1:8080/ws]
(default port 9001; examples/chat/run starts it together with a node)
"""
import argparse
import http.client
import json
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOMS = ["lobby", "random"]
BANNED = {"darn", "heck"}
HERE = os.path.dirname(os.path.abspath(__file__))
PAGES = {  # path -> (file, content type); nothing else is served
    "/": (os.path.join(HERE, "index.html"), "text/html; charset=utf-8"),
    "/chat.js": (os.path.join(HERE, "chat.js"), "text/javascript; charset=utf-8"),
    "/herald-client.js": (os.path.join(HERE, "..", "..", "sdk", "js", "src", "index.js"),
                          "text/javascript; charset=utf-8"),
}
# Everything the page loads comes from here; it connects to the nodes' WebSockets only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self' ws: wss:; frame-ancestors 'none'")


class Herald:
    """The node's API (several URLs: the first that answers), with the API key."""

    def __init__(self, urls, key):
        self.urls = urls
        self.key = key

    def call(self, method, path, body=None):
        failure = None
        for url in list(self.urls):
            request = urllib.request.Request(url + path, method=method,
                                             data=None if body is None else json.dumps(body).encode())
            request.add_header("Content-Type", "application/json")
            if self.key:
                request.add_header("Authorization", "Bearer " + self.key)
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    return json.loads(response.read())["data"]
            except (urllib.error.URLError, http.client.HTTPException, OSError, ValueError) as error:
                failure = error  # that node is down (or refused): try the next one
        raise ConnectionError(f"no node's API answered {path}: {failure}")


class Presence:
    """Who is online in each room, as Herald says; pushes a room's new list to its members when it changes."""

    def __init__(self, herald):
        self.herald = herald
        self.lock = threading.Lock()
        self.online = {}  # room -> the list last pushed
        self.version = 0
        self.wake = threading.Event()

    def room(self, room):
        return self.herald.call("GET", "/api/groups/online?group=" + urllib.parse.quote(room))["uids"]

    def refresh(self):
        # One at a time, so that the versions go up in the order the lists were read.
        with self.lock:
            for room in ROOMS:
                online = sorted(self.room(room))
                if self.online.get(room) != online:
                    self.online[room] = online
                    # Each list carries a version that only goes up, so that a page keeps the newest whatever order
                    # lists arrive in (a recovery replays old ones).
                    self.version = max(self.version + 1, time.time_ns() // 1000)
                    data = {"room": room, "online": online, "v": self.version}
                    self.herald.call("POST", "/api/broadcast", {"group": room, "data": data})
            return dict(self.online), self.version

    def run(self):
        failing = False
        while True:
            self.wake.wait(2)
            self.wake.clear()
            try:
                self.refresh()
                if failing:
                    print("presence: a node's API answers again", flush=True)
                failing = False
            except ConnectionError as error:
                if not failing:  # once per outage
                    print("presence:", error, flush=True)
                failing = True


presence = None  # set with --api


def auth(login):
    # A real backend looks the token up in its session store here.
    if not login["token"]:
        return 401, {"msg": "no token"}
    return 200, {"groups": ROOMS}


def chat(message):
    data = message["data"] or {}
    command = CHAT_COMMANDS.get(message["cmd"])
    if command is None:
        return 404, {"msg": "unknown chat command"}
    if not isinstance(data, dict) or data.get("room") not in ROOMS:
        return 400, {"msg": "no such room"}
    return command(message, data)


def send(message, data):
    room, text = data["room"], str(data.get("text", ""))
    if not text.strip():
        return 400, {"msg": "empty message"}
    if BANNED & set(text.lower().split()):
        return 403, {"msg": "message refused: mind your language"}  # the message filter: nothing is pushed
    push = {"group": room, "data": {"from": message["uid"], "room": room, "text": text, "at": int(time.time() * 1000)}}
    return 200, {"msg": "sent", "push": [push]}


def history(message, data):
    """The room's stream position and the messages its history still holds (after "since", where given)."""
    if presence is None:
        return 501, {"msg": "chat.py runs without --api"}
    since = data.get("since", 0)
    if type(since) is not int or since < 0:
        return 400, {"msg": "since must be a whole number"}
    query = urllib.parse.urlencode({"stream": "group:" + data["room"], "since": since})
    answer = presence.herald.call("GET", "/api/history?" + query)
    messages = [push for push in answer["pushes"] if isinstance(push.get("data"), dict) and "text" in push["data"]]
    return 200, {"msg": "ok", "data": {"epoch": answer["epoch"], "seq": answer["seq"],
                                       "complete": answer["complete"], "messages": messages}}


def who(message, data):
    """Who is online in the room; every room's members are told of any change first."""
    if presence is None:
        return 501, {"msg": "chat.py runs without --api"}
    online, version = presence.refresh()
    return 200, {"msg": "ok", "data": {"room": data["room"], "online": online.get(data["room"], []), "v": version}}


CHAT_COMMANDS = {"chat.send": send, "chat.history": history, "chat.who": who}


def events(batch):
    for event in batch["events"]:
        print(event["event"], event.get("uid"), flush=True)
    if presence is not None:
        presence.wake.set()
    return 200, {}


class Backend(BaseHTTPRequestHandler):
    ROUTES = {"/auth": auth, "/chat": chat, "/events": events}
    config = {}

    def do_POST(self):
        route = self.ROUTES.get(self.path)
        try:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            status, answer = route(body) if route else (404, {"msg": "no such path"})
        except ValueError as error:
            status, answer = 400, {"msg": f"not the JSON expected: {error}"}
        except ConnectionError as error:
            status, answer = 503, {"msg": str(error)}
        self.answer(status, json.dumps(answer).encode(), "application/json")

    def do_GET(self):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/config.json":
            self.answer(200, json.dumps(self.config).encode(), "application/json")
        elif path in PAGES:
            file, kind = PAGES[path]
            with open(file, "rb") as page:
                self.answer(200, page.read(), kind)
        else:
            self.answer(404, b"not found\n", "text/plain")

    def answer(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", CSP)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    global presence
    parser = argparse.ArgumentParser(description="A chat backend for Herald, and its browser demo's page.")
    parser.add_argument("port", nargs="?", type=int, default=9001)
    parser.add_argument("--api", action="append", default=[],
                        help="a node's API, e.g. http://127.0.0.1:8081 (repeatable); key in HERALD_API_KEY")
    parser.add_argument("--ws", action="append", default=[],
                        help="a node's WebSocket address for the page, e.g. ws://127.0.0.1:8080/ws (repeatable)")
    options = parser.parse_args()
    Backend.config = {"ws": options.ws}
    if options.api:
        key = os.environ.get("HERALD_API_KEY", "").split(",")[0]
        presence = Presence(Herald([url.rstrip("/") for url in options.api], key))
        threading.Thread(target=presence.run, name="presence", daemon=True).start()
    print(f"chat backend on http://127.0.0.1:{options.port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", options.port), Backend).serve_forever()


if __name__ == "__main__":
    main()
