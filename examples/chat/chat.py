#!/usr/bin/env python3
"""A chat backend for Herald in one file (Python 3, standard library only).

Herald calls it; it never calls Herald:
  POST /auth    (--auth-upstream)   a login: 200 lets the user in and lists the rooms it may join
  POST /chat    (--upstream-route)  a chat.* command: chat.send pushes the message to its room, or refuses it
  POST /events  (--events)          connects and disconnects, printed

Run: python3 examples/chat/chat.py [PORT]   (default 9001)
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOMS = ["lobby", "random"]
BANNED = {"darn", "heck"}


def auth(login):
    # A real backend looks the token up in its session store here.
    if not login["token"]:
        return 401, {"msg": "no token"}
    return 200, {"groups": ROOMS}


def chat(message):
    data = message["data"] or {}
    if message["cmd"] != "chat.send":
        return 404, {"msg": "unknown chat command"}
    room, text = data.get("room"), str(data.get("text", ""))
    if room not in ROOMS:
        return 400, {"msg": "no such room"}
    if BANNED & set(text.lower().split()):
        return 403, {"msg": "message refused: mind your language"}  # the message filter: nothing is pushed
    push = {"group": room, "data": {"from": message["uid"], "room": room, "text": text}}
    return 200, {"msg": "sent", "push": [push]}


def events(batch):
    for event in batch["events"]:
        print(event["event"], event.get("uid"), flush=True)
    return 200, {}


class Backend(BaseHTTPRequestHandler):
    ROUTES = {"/auth": auth, "/chat": chat, "/events": events}

    def do_POST(self):
        route = self.ROUTES.get(self.path)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        status, answer = route(body) if route else (404, {"msg": "no such path"})
        out = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9001
    print(f"chat backend on http://127.0.0.1:{port}", flush=True)
    ThreadingHTTPServer(("127.0.0.1", port), Backend).serve_forever()
