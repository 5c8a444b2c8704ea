"""The `openstack` CLI, started warm: a process that has imported openstackclient once and
forks a child per command, which runs the CLI's own main() with that command's arguments and
environment. The child is the CLI as `openstack ...` runs it (its own authentication, its own
output); only Python's start and imports, about 1 s of each call's 1.6 s here, are shared.

Serves one JSON request per connection on the Unix socket given as argv[1]:
{"args": [...], "env": {...}} -> {"code": int, "stdout": str, "stderr": str}.
Exits when its stdin closes (the Node process that started it has gone).
"""

import json
import logging
import os
import signal
import socket
import sys
import tempfile
import threading

from openstackclient import shell

# The command modules the tests use, imported once here rather than in every child.
import openstackclient.compute.v2.server  # noqa: F401
import openstackclient.identity.v3.token  # noqa: F401
import openstackclient.image.v2.image  # noqa: F401


def serve_one(conn):
    data = b""
    while not data.endswith(b"\n"):
        part = conn.recv(65536)
        if not part:
            return
        data += part
    request = json.loads(data)
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    os.environ.clear()
    os.environ.update(request["env"])
    stdin = os.open(os.devnull, os.O_RDONLY)
    os.dup2(stdin, 0)
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    sys.stdin = open(0, closefd=False)
    sys.argv = ["openstack", *request["args"]]  # its usage and errors name the command as typed
    # The warm-up's log handlers write where its stderr went: the CLI sets its own again.
    logging.root.handlers.clear()
    try:
        code = shell.main(request["args"])
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException as e:  # what the CLI lets escape ends the command as a failure
        print(repr(e), file=sys.stderr)
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    out.seek(0)
    err.seek(0)
    answer = {
        "code": code or 0,
        "stdout": out.read().decode("utf-8", "replace"),
        "stderr": err.read().decode("utf-8", "replace"),
    }
    conn.sendall(json.dumps(answer).encode() + b"\n")


def warm_up():
    """Runs `openstack complete` once here, to /dev/null: it loads every command's module and
    the plugins' entry points, which each child would otherwise load again."""
    saved = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        shell.main(["complete"])
    except SystemExit:
        pass
    finally:
        sys.stdout.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)


def main():
    path = sys.argv[1]
    warm_up()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel

    def watch_parent():
        sys.stdin.buffer.read()
        os._exit(0)

    threading.Thread(target=watch_parent, daemon=True).start()
    print("ready", flush=True)
    while True:
        conn, _ = server.accept()
        if os.fork() == 0:
            server.close()
            try:
                serve_one(conn)
            finally:
                os._exit(0)
        conn.close()


if __name__ == "__main__":
    main()
