"""A client on Debian's python3-websockets (10.4, asyncio), driven by a test (PythonWebsocketsInteropIT).

/usr/bin/python3 client.py URL prints "OPEN" once connected, then each text frame it receives as one line, and
"CLOSE <code>" with the code of the server's close frame when the connection ends. Each line on stdin is sent as one
text frame, but "close", which closes with 1000.
"""
import asyncio
import sys

import websockets


async def main(url):
    ws = await websockets.connect(url)
    print("OPEN", flush=True)

    async def receive():
        try:
            async for message in ws:
                print(message if isinstance(message, str) else "BINARY %d" % len(message), flush=True)
        except websockets.ConnectionClosed:
            pass

    receiving = asyncio.create_task(receive())
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or line.rstrip("\n") == "close":
            await ws.close(1000)
            break
        await ws.send(line.rstrip("\n"))
    await receiving
    print("CLOSE %s" % ws.close_code, flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
