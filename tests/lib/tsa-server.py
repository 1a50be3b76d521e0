#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# A local RFC 3161 time-stamp authority for the tests: an HTTP listener on
# the loopback interface that answers each POSTed TimeStampReq with what
# `openssl ts -reply` makes of it. Usage: tsa-server.py DIR CONFIG
#   DIR/port      written once listening: the port chosen
#   DIR/count     one byte appended per request answered
#   DIR/replay    when it exists, the previous reply is sent again (a
#                 replay: its nonce answers another request)
#   DIR/refuse    when it exists, HTTP 503
import http.server
import os
import subprocess
import sys

state, config = sys.argv[1], sys.argv[2]


class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        if os.path.exists(os.path.join(state, "refuse")):
            self.send_error(503)
            return
        last = os.path.join(state, "last.tsr")
        if os.path.exists(os.path.join(state, "replay")) and os.path.exists(last):
            with open(last, "rb") as f:
                out = f.read()
        else:
            q = os.path.join(state, "q.tsq")
            r = os.path.join(state, "r.tsr")
            with open(q, "wb") as f:
                f.write(body)
            subprocess.run(["openssl", "ts", "-reply", "-config", config,
                            "-queryfile", q, "-out", r],
                           check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            with open(r, "rb") as f:
                out = f.read()
            os.replace(r, last)
        self.send_response(200)
        self.send_header("Content-Type", "application/timestamp-reply")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)
        with open(os.path.join(state, "count"), "ab") as f:
            f.write(b"x")

    def log_message(self, *args):
        pass


srv = http.server.HTTPServer(("127.0.0.1", 0), Handler)
with open(os.path.join(state, "port.tmp"), "w") as f:
    f.write(str(srv.server_address[1]))
os.replace(os.path.join(state, "port.tmp"), os.path.join(state, "port"))
srv.serve_forever()
