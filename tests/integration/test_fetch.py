#!/usr/bin/python3
"""End-to-end tests of `parcompute fetch` against servers on 127.0.0.1 only: nginx (files
with known digests) and fault_server.py (every failure the engine must record as a row).
The servers are started by the ctest fixture; their ports are read from --servers DIR."""
import hashlib
import json
import os
import re
import resource
import subprocess
import time
import unittest
import uuid

import h5py

from harness import TempDirCase, run_tests

BINARY = MPIEXEC = SERVERS = None
COLUMNS = ("url", "final_url", "status", "curl_code", "error", "bytes", "seconds", "ttfb", "attempts", "sha256",
           "http_version", "connects", "rank")
# libcurl result codes the rows are checked against (curl/curl.h).
CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_COULDNT_CONNECT = 1, 3, 7
CURLE_PARTIAL_FILE, CURLE_WRITE_ERROR, CURLE_OPERATION_TIMEDOUT = 18, 23, 28
CURLE_TOO_MANY_REDIRECTS, CURLE_RECV_ERROR, CURLE_PEER_FAILED_VERIFICATION = 47, 56, 60


def port(name):
    """The port of `nginx` or `fault`, or of `fault/blackhole` (connects there time out)."""
    with open(os.path.join(SERVERS, name + ("_port" if "/" in name else "/port"))) as f:
        return int(f.read())


def nginx(path):
    return f"http://127.0.0.1:{port('nginx')}/{path}"


def tls(path):
    return f"https://127.0.0.1:{port('nginx/tls')}/{path}"


def test_ca():
    return os.path.join(SERVERS, "nginx", "tls", "ca.pem")


def fault(path):
    return f"http://127.0.0.1:{port('fault')}/{path}"


def served(name):
    with open(os.path.join(SERVERS, "nginx", "html", name), "rb") as f:
        return f.read()


def sha(data):
    return hashlib.sha256(data).hexdigest()


def pattern(n):
    """The fault server's body pattern, computed here independently of the server's code."""
    block = bytes((i * 7 + 3) % 251 for i in range(4096))
    return (block * (n // 4096 + 1))[:n]


def token():
    return uuid.uuid4().hex[:12]


def closed_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def run(args, ranks=None, stdin=None, timeout=120, env_extra=None, cwd=None):
    cmd = [BINARY, "fetch"] + args
    if ranks is not None:
        cmd = [MPIEXEC, "-n", str(ranks)] + cmd
    env = dict(os.environ)
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(proxy, None)  # loopback traffic only, never through a proxy
    env.update(env_extra or {})
    start = time.monotonic()
    p = subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout, env=env, cwd=cwd)
    return p.returncode, p.stdout, p.stderr, time.monotonic() - start


def read_rows(path):
    with h5py.File(path, "r") as f:
        g = f["fetch"]
        cols = {}
        for c in COLUMNS:
            d = g[c]
            # Strings are fixed- or variable-length (docs/hdf5-layout.md); .asstr() reads both.
            cols[c] = list(d.asstr()[:]) if h5py.check_string_dtype(d.dtype) else [v.item() for v in d[:]]
        n = len(cols["url"])
        return [{c: cols[c][i] for c in COLUMNS} for i in range(n)], dict(g.attrs), dict(f.attrs)


class FetchCase(TempDirCase):
    PREFIX = "pc-fetch-"
    OUT = "f.h5"

    def fetch(self, urls, *extra, expect=None, ranks=None, stdin=None):
        rc, out, err, secs = run(list(urls) + ["-o", self.out, "--force"] + list(extra), ranks=ranks, stdin=stdin)
        if expect is not None:
            self.assertEqual(rc, expect, err)
        rows, group, root = read_rows(self.out)
        return rows, group, root, secs


class Files(FetchCase):
    def test_files_bytes_and_digests(self):
        names = ["1k.bin", "64k.bin", "empty.bin", "1m.bin", "f7.txt", "1k.bin"]
        rows, group, root, _ = self.fetch([nginx(n) for n in names], expect=0)
        self.assertEqual([r["url"] for r in rows], [nginx(n) for n in names])
        for n, r in zip(names, rows):
            body = served(n)
            self.assertEqual((r["status"], r["curl_code"], r["error"], r["attempts"]), (200, 0, "", 1), r)
            self.assertEqual(r["bytes"], len(body))
            self.assertEqual(r["sha256"], sha(body))
            self.assertEqual(r["final_url"], nginx(n))
            self.assertTrue(0 <= r["ttfb"] <= r["seconds"] < 30, r)
        self.assertEqual((group["urls"], group["failed"], group["status_2xx"]), (6, 0, 6))
        self.assertEqual(group["bytes"], sum(len(served(n)) for n in names))
        self.assertEqual(root["command"], "fetch")
        self.assertEqual(root["insecure"], 0)
        self.assertEqual(root["format_version"], 2)

    def test_digest_none_leaves_the_column_empty(self):
        names = ["1k.bin", "1m.bin", "empty.bin"]
        for engine in ("multi", "threads"):
            rows, group, _, _ = self.fetch([nginx(n) for n in names], "--digest", "none", "--engine", engine, expect=0)
            self.assertEqual([(r["sha256"], r["bytes"]) for r in rows], [("", len(served(n))) for n in names])
            self.assertEqual(group["digest"], "none")
        _, group, _, _ = self.fetch([nginx("1k.bin")], expect=0)
        self.assertEqual(group["digest"], "sha256")

    def test_a_single_process_does_not_start_mpi(self):
        # An MCA setting that breaks MPI_Init: a lone fetch must not care, `info` (which
        # always starts MPI) must.
        broken = {"OMPI_MCA_pml": "no-such-component"}
        rc, _, err, _ = run([nginx("1k.bin"), "-o", self.out], env_extra=broken)
        self.assertEqual(rc, 0, err)
        self.assertEqual(read_rows(self.out)[0][0]["rank"], 0)
        p = subprocess.run([BINARY, "info"], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ, **broken))
        self.assertNotEqual(p.returncode, 0, "the broken MCA setting did not break MPI_Init")

    def test_keep_alive_connections_are_reused(self):
        rows, group, _, _ = self.fetch([nginx(f"f{i}.txt") for i in range(40)], "--max-in-flight", "2", expect=0)
        self.assertEqual([r["http_version"] for r in rows], [11] * 40)
        self.assertEqual(sum(r["connects"] for r in rows), 2)  # one per transfer slot, then reused
        self.assertEqual(group["connects"], 2)

    def test_missing_file_is_a_failed_row_exit_1(self):
        rows, group, _, _ = self.fetch([nginx("1k.bin"), nginx("no-such-file")], expect=1)
        self.assertEqual((rows[1]["status"], rows[1]["curl_code"], rows[1]["error"], rows[1]["attempts"]),
                         (404, 0, "HTTP 404", 1))
        self.assertEqual((group["failed"], group["status_4xx"]), (1, 1))

    def test_json_matches_the_file(self):
        rc, out, err, _ = run([nginx("1k.bin"), nginx("nope"), "-o", self.out, "--json"])
        self.assertEqual(rc, 1, err)
        doc = json.loads(out)
        rows, _, _ = read_rows(self.out)
        self.assertEqual([r["url"] for r in doc["rows"]], [r["url"] for r in rows])
        self.assertEqual([r["sha256"] for r in doc["rows"]], [r["sha256"] for r in rows])
        self.assertEqual(doc["summary"]["failed"], 1)
        self.assertEqual(doc["summary"]["by_status_class"]["2xx"], 1)
        self.assertEqual(doc["output"], self.out)


def stored_bodies(path):
    with h5py.File(path, "r") as f:
        g = f["fetch"]
        data = g["bodies"][:].tobytes()
        return [data[o:o + n] for o, n in zip(g["body_offset"][:], g["body_length"][:])]


class Bodies(FetchCase):
    def test_store_bodies_both_engines(self):
        names = ["1k.bin", "empty.bin", "1m.bin", "f9.txt", "no-such-file", "1k.bin"]
        urls = [nginx(n) for n in names[:3]] + ["file:///etc/passwd"] + [nginx(n) for n in names[3:]]
        for engine in ("multi", "threads"):
            rows, group, _, _ = self.fetch(urls, "--store-bodies", "--engine", engine, expect=1)
            self.assertEqual(group["store_bodies"], 1)
            bodies = stored_bodies(self.out)
            self.assertEqual(len(bodies), len(urls))
            self.assertEqual(bodies[3], b"")  # refused: no request, no body
            for url, body, r in zip(urls, bodies, rows):
                if url.startswith(nginx("")) and not url.endswith("no-such-file"):
                    self.assertEqual(body, served(url.rsplit("/", 1)[1]))
                self.assertEqual(len(body), r["bytes"])
                if r["sha256"]:
                    self.assertEqual(sha(body), r["sha256"])
            self.assertIn(b"404", bodies[-2])  # nginx's error page is a body like any other

    def test_cut_off_and_empty(self):
        rows, _, _, _ = self.fetch([fault("huge")], "--store-bodies", "--max-bytes", "300000", expect=1)
        self.assertEqual(stored_bodies(self.out), [pattern(300_000)])
        rows, _, _, _ = self.fetch(["--input", "-"], "--store-bodies", stdin="", expect=0)
        with h5py.File(self.out, "r") as f:
            self.assertEqual(f["fetch/bodies"].shape, (0,))

    def test_without_the_flag_no_bodies(self):
        self.fetch([nginx("1k.bin")], expect=0)
        with h5py.File(self.out, "r") as f:
            self.assertNotIn("bodies", f["fetch"])
            self.assertEqual(f["fetch"].attrs["store_bodies"], 0)


class Faults(FetchCase):
    def test_each_fault_is_a_row(self):
        for engine in ("multi", "threads"):
            with self.subTest(engine=engine):
                self.check_each_fault(engine)

    def check_each_fault(self, engine):
        t = token()
        cases = {
            fault("status/404"): dict(status=404, curl_code=0, attempts=1, error="HTTP 404"),
            fault("status/503"): dict(status=503, curl_code=0, attempts=3, error="HTTP 503"),
            fault("status/429"): dict(status=429, curl_code=0, attempts=3),
            fault(f"flaky/{t}/2"): dict(status=200, curl_code=0, attempts=3, error="", bytes=len(f"ok {t}\n")),
            fault(f"flaky/{t}x/5"): dict(status=503, attempts=3),
            fault("truncated"): dict(status=200, curl_code=CURLE_PARTIAL_FILE, attempts=3, bytes=10),
            fault("reset"): dict(status=0, curl_code=CURLE_RECV_ERROR, attempts=3, bytes=0),
            fault("redirect/3"): dict(status=200, curl_code=0, attempts=1, final_url=fault("redirect/0"),
                                      sha256=sha(b"end of the chain\n")),
            fault("loop"): dict(status=302, curl_code=CURLE_TOO_MANY_REDIRECTS, attempts=1),
            fault("redirect-file"): dict(curl_code=CURLE_UNSUPPORTED_PROTOCOL, attempts=1, bytes=0),
            fault("huge"): dict(status=200, curl_code=CURLE_WRITE_ERROR, attempts=1, bytes=100_000,
                                sha256=sha(pattern(100_000))),
            fault("bytes/5000"): dict(status=200, curl_code=0, bytes=5000, sha256=sha(pattern(5000))),
            f"http://127.0.0.1:{closed_port()}/": dict(status=0, curl_code=CURLE_COULDNT_CONNECT, attempts=3),
            "file:///etc/passwd": dict(status=0, curl_code=CURLE_UNSUPPORTED_PROTOCOL, attempts=0, bytes=0,
                                       sha256="", final_url=""),
            "gopher://127.0.0.1/": dict(curl_code=CURLE_UNSUPPORTED_PROTOCOL, attempts=0),
            "127.0.0.1/no-scheme": dict(curl_code=CURLE_URL_MALFORMAT, attempts=0),
            "http://": dict(curl_code=CURLE_URL_MALFORMAT, attempts=0),
        }
        urls = list(cases)
        rows, group, _, _ = self.fetch(urls, "--retries", "2", "--max-bytes", "100000", "--timeout", "10",
                                       "--engine", engine, expect=1)
        self.assertEqual(group["engine"], engine)
        self.assertEqual([r["url"] for r in rows], urls)
        for url, r in zip(urls, rows):
            for key, want in cases[url].items():
                self.assertEqual(r[key], want, f"{url}: {key} in {r}")
            self.assertEqual(r["error"] == "", r["curl_code"] == 0 and 0 < r["status"] < 400, r)
        self.assertIn("max-bytes", rows[urls.index(fault("huge"))]["error"])
        self.assertIn("refused", rows[urls.index("file:///etc/passwd")]["error"])
        self.assertEqual(group["failed"], sum(1 for r in rows if r["error"]))
        self.assertEqual(group["attempts"], sum(r["attempts"] for r in rows))

    def test_large_bodies_hashed_beside_the_transfers(self):
        # Beyond 256 KiB a body is hashed on another thread; the digest must be unchanged,
        # also when --max-bytes cuts the body off there.
        for engine in ("multi", "threads"):
            rows, _, _, _ = self.fetch([fault("bytes/3000000"), fault("huge"), nginx("1m.bin")],
                                       "--max-bytes", "5000000", "--engine", engine, expect=1)
            self.assertEqual((rows[0]["bytes"], rows[0]["sha256"]), (3_000_000, sha(pattern(3_000_000))))
            self.assertEqual((rows[1]["bytes"], rows[1]["curl_code"]), (5_000_000, CURLE_WRITE_ERROR))
            self.assertEqual(rows[1]["sha256"], sha(pattern(5_000_000)))
            self.assertEqual(rows[2]["sha256"], sha(served("1m.bin")))
        # Many large bodies at once: each transfer stages less (the queue's share), same digests.
        urls = [fault(f"bytes/{300_000 + i}") for i in range(150)] + [nginx("1m.bin")]
        rows, _, _, _ = self.fetch(urls, "--max-in-flight", "151", expect=0)
        self.assertEqual([r["sha256"] for r in rows[:-1]], [sha(pattern(300_000 + i)) for i in range(150)])
        self.assertEqual(rows[-1]["sha256"], sha(served("1m.bin")))

    def test_user_agent_names_parcompute(self):
        version = subprocess.run([BINARY, "--version"], capture_output=True, text=True).stdout.split()[1]
        self.fetch([fault("user-agent")], "--store-bodies", expect=0)
        self.assertEqual(stored_bodies(self.out)[0].decode(), f"parcompute/{version}\n")

    def most_inflight(self, token):
        rows, _, _, _ = self.fetch([fault(f"most-inflight/{token}")], "--store-bodies", expect=0)
        return int(stored_bodies(self.out)[0])

    def test_in_flight_limits(self):
        for flags, most in ((["--max-in-flight", "3"], 3), (["--max-per-host", "2"], 2),
                            (["--max-in-flight", "16"], 8)):
            t = token()
            # Each request is held 0.8 s: long enough for all allowed ones to overlap under load.
            rows, _, _, _ = self.fetch([fault(f"inflight/{t}/0.8")] * 8, *flags, expect=0)
            self.assertTrue(all(r["status"] == 200 for r in rows))
            self.assertEqual(self.most_inflight(t), most, flags)

    def test_a_url_waiting_for_its_host_is_not_timed(self):
        # One at a time on the host, 1 s each, under a 1.8 s --timeout: handed to libcurl at
        # once, the later ones would spend their time waiting for the host's connection.
        rows, group, _, _ = self.fetch([fault("slow/1")] * 4, "--max-per-host", "1", "--timeout", "1.8", expect=0)
        self.assertEqual([(r["status"], r["attempts"]) for r in rows], [(200, 1)] * 4)
        self.assertGreaterEqual(group["fetch_seconds"], 3.9)  # and still one at a time

    def test_garbage_is_not_http(self):
        rows, _, _, _ = self.fetch([fault("garbage")], "--retries", "3", expect=1)
        self.assertEqual((rows[0]["status"], rows[0]["attempts"]), (0, 1))
        self.assertNotEqual(rows[0]["curl_code"], 0)

    def test_max_redirects(self):
        rows, _, _, _ = self.fetch([fault("redirect/3"), fault("redirect/2")], "--max-redirects", "2", expect=1)
        self.assertEqual(rows[0]["curl_code"], CURLE_TOO_MANY_REDIRECTS)
        self.assertEqual((rows[1]["curl_code"], rows[1]["status"]), (0, 200))

    def test_hanging_urls_end_within_their_timeouts(self):
        for engine in ("multi", "threads"):
            with self.subTest(engine=engine):
                self.check_hanging(engine)

    def check_hanging(self, engine):
        urls = [fault("hang")] * 6 + [fault("slow/30"), nginx("1k.bin")]
        rows, group, _, secs = self.fetch(urls, "--timeout", "1.5", "--retries", "1", "--engine", engine, expect=1)
        # Two attempts of 1.5 s each plus one backoff (under 1 s here), all hangs in parallel.
        self.assertLess(secs, 15)
        for r in rows[:7]:
            self.assertEqual((r["curl_code"], r["attempts"], r["status"]), (CURLE_OPERATION_TIMEDOUT, 2, 0), r)
            self.assertGreaterEqual(r["seconds"], 1.4)
        self.assertEqual(rows[7]["status"], 200)

    def test_interrupted_run_leaves_no_file(self):
        import signal
        for sig in (signal.SIGINT, signal.SIGTERM):
            p = subprocess.Popen([BINARY, "fetch", fault("hang"), fault("bytes/10"), "-o", self.out,
                                  "--timeout", "60"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
            p.send_signal(sig)
            self.assertEqual(p.wait(timeout=30), 3, sig)
            self.assertEqual(os.listdir(self.dir), [])

    def test_connect_timeout_is_applied(self):
        url = f"http://127.0.0.1:{port('fault/blackhole')}/"
        rows, _, _, secs = self.fetch([url, url], "--connect-timeout", "0.5", "--timeout", "20", expect=1)
        for r in rows:
            self.assertEqual((r["curl_code"], r["status"], r["attempts"]), (CURLE_OPERATION_TIMEDOUT, 0, 1), r)
            self.assertTrue(0.4 < r["seconds"] < 5, r)
        self.assertLess(secs, 15)

    def test_retry_after_is_honoured_and_does_not_block_others(self):
        t = token()
        # One slot: the retry waits 2 s in the queue while the slow URL uses the slot.
        urls = [fault(f"retry-after/{t}/2"), fault("slow/1.5")]
        rows, group, _, _ = self.fetch(urls, "--retries", "1", "--max-in-flight", "1", expect=0)
        self.assertEqual((rows[0]["status"], rows[0]["attempts"]), (200, 2))
        self.assertGreaterEqual(group["fetch_seconds"], 1.9)  # Retry-After: 2 was honoured
        self.assertLess(group["fetch_seconds"], 3.2)  # 2 + 1.5 if the wait had held the slot

    def test_a_due_retry_waiting_for_a_slot_sleeps(self):
        t = token()
        # One slot: the retry is due after 1 s, but the slow URL holds the slot until 3 s.
        urls = [fault(f"retry-after/{t}/1"), fault("slow/3")]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows, group, _, _ = self.fetch(urls, "--retries", "1", "--max-in-flight", "1", expect=0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        self.assertEqual((rows[0]["status"], rows[0]["attempts"]), (200, 2))
        self.assertGreaterEqual(group["fetch_seconds"], 2.9)
        # A loop polling with a zero timeout until the slot was free burnt ~2 s of CPU here.
        self.assertLess(cpu, 0.8)

    def test_a_sub_millisecond_timeout_still_applies(self):
        # Rounded to 0 ms it would mean "no limit" to libcurl, and the slow URL would succeed.
        for engine in ("multi", "threads"):
            rows, _, _, _ = self.fetch([fault("slow/2")], "--timeout", "0.0004", "--engine", engine, expect=1)
            self.assertEqual(rows[0]["curl_code"], CURLE_OPERATION_TIMEDOUT, engine)


class Tls(FetchCase):
    def test_verification_is_on_by_default(self):
        rows, _, root, _ = self.fetch([tls("1k.bin")], "--retries", "2", expect=1)
        r = rows[0]
        self.assertEqual((r["curl_code"], r["status"], r["attempts"], r["bytes"]),
                         (CURLE_PEER_FAILED_VERIFICATION, 0, 1, 0), r)
        self.assertIn("certificate", r["error"])
        self.assertEqual(root["insecure"], 0)

    def test_cacert_verifies_the_test_ca(self):
        names = ["1k.bin", "64k.bin", "1m.bin"] + [f"f{i}.txt" for i in range(20)]
        rows, _, root, _ = self.fetch([tls(n) for n in names], "--cacert", test_ca(), "--max-in-flight", "8",
                                      expect=0)
        self.assertEqual([r["sha256"] for r in rows], [sha(served(n)) for n in names])
        self.assertEqual(root["cacert"], test_ca())

    def test_http2_multiplexes_over_one_connection(self):
        rows, _, _, _ = self.fetch([tls(f"f{i}.txt") for i in range(30)], "--cacert", test_ca(),
                                   "--max-per-host", "1", expect=0)
        self.assertEqual([r["http_version"] for r in rows], [20] * 30)
        self.assertEqual(sum(r["connects"] for r in rows), 1)

    def test_insecure_is_an_opt_in_and_recorded(self):
        rows, _, root, _ = self.fetch([tls("1k.bin")], "--insecure", expect=0)
        self.assertEqual((rows[0]["status"], rows[0]["sha256"]), (200, sha(served("1k.bin"))))
        self.assertEqual(root["insecure"], 1)

    def test_plain_and_unverified_https_in_one_run(self):
        # A plain-http redirect chain and the https files in one run: each row on its own terms.
        rows, _, _, _ = self.fetch([fault("redirect/1"), tls("f1.txt")], expect=1)
        self.assertEqual(rows[0]["status"], 200)
        self.assertEqual(rows[1]["curl_code"], CURLE_PEER_FAILED_VERIFICATION)


class Lists(FetchCase):
    def test_input_file_with_bom_crlf_comments_duplicates(self):
        path = os.path.join(self.dir, "urls.txt")
        with open(path, "wb") as f:
            f.write(b"\xef\xbb\xbf# my list\r\n" + nginx("1k.bin").encode() + b"\r\n\r\n   \r\n" +
                    b"  " + nginx("f1.txt").encode() + b"  \r\n#" + nginx("f2.txt").encode() + b"\r\n" +
                    nginx("1k.bin").encode())
        rows, _, _, _ = self.fetch([nginx("f3.txt"), "--input", path], expect=0)
        self.assertEqual([r["url"] for r in rows], [nginx(n) for n in ("f3.txt", "1k.bin", "f1.txt", "1k.bin")])
        self.assertEqual(rows[1]["sha256"], rows[3]["sha256"])

    def test_odd_bytes_in_a_list_are_rows_not_crashes(self):
        path = os.path.join(self.dir, "odd.txt")
        with open(path, "wb") as f:
            f.write(b"http://127.0.0.1:%d/caf\xe9\nhttp://127.0.0.1/a\x00b\n" % closed_port() + nginx("1k.bin").encode())
        rc, out, err, _ = run(["--input", path, "-o", self.out, "--json"])
        self.assertEqual(rc, 1, err)
        doc = json.loads(out)  # a Latin-1 byte is recorded percent-encoded, not an exception
        self.assertEqual([r["curl_code"] for r in doc["rows"]], [CURLE_COULDNT_CONNECT, CURLE_URL_MALFORMAT, 0])
        self.assertTrue(doc["rows"][0]["url"].endswith("caf%E9"))
        self.assertEqual(doc["rows"][1]["url"], "http://127.0.0.1/a\x01b")

    def test_bytes_that_are_not_utf8_are_stored_as_text_h5py_can_read(self):
        # A URL list in Latin-1 and a raw 0xFF on the command line: every string column and the
        # command line must read back with h5py's strict .asstr().
        path = os.path.join(self.dir, "latin1.txt")
        with open(path, "wb") as f:
            f.write(nginx("caf\xe9.txt").encode("latin-1") + b"\n" + nginx("1k.bin?q=\xff\xfe").encode("latin-1") +
                    b"\nhttp://127.0.0.1/a b\xff\n")
        argument = fault("status/200?x=") + "\udcff"  # os.fsencode makes it the byte 0xFF
        rc, out, err, _ = run([argument, "--input", path, "-o", self.out])
        self.assertEqual(rc, 1, err)  # caf\xe9.txt is not served; the URL with a space is malformed
        with h5py.File(self.out, "r") as f:
            g = f["fetch"]
            urls = list(g["url"].asstr()[()])
            final = list(g["final_url"].asstr()[()])
            errors = list(g["error"].asstr()[()])
            status = list(g["status"][()])
            command_line = f.attrs["command_line"]
        self.assertEqual(urls, [fault("status/200?x=%FF"), nginx("caf%E9.txt"), nginx("1k.bin?q=%FF%FE"),
                                "http://127.0.0.1/a b%FF"])
        self.assertEqual(final[:3], urls[:3])
        self.assertEqual(final[3], "")
        self.assertEqual(status[0], 200)
        self.assertEqual(status[2], 200)
        self.assertEqual(errors[0], "")
        self.assertNotEqual(errors[3], "")
        self.assertIn("status/200?x=\\xFF", command_line)

    def test_stdin_and_empty_lists(self):
        rows, _, _, _ = self.fetch(["--input", "-"], stdin=nginx("f4.txt") + "\n", expect=0)
        self.assertEqual([r["sha256"] for r in rows], [sha(served("f4.txt"))])
        rows, group, _, _ = self.fetch(["--input", "-"], stdin="# nothing\n\n", expect=0)
        self.assertEqual((rows, group["urls"], group["failed"]), ([], 0, 0))

    def test_proxy_environment_is_honoured(self):
        # The fault server stands in for a proxy on 127.0.0.1: the .invalid host is never
        # resolved, so a 207 can only have come through the proxy.
        rc, _, err, _ = run(["http://through-the-proxy.invalid/status/207", "-o", self.out],
                            env_extra={"http_proxy": f"http://127.0.0.1:{port('fault')}"})
        self.assertEqual(rc, 0, err)
        rows, _, _ = read_rows(self.out)
        self.assertEqual((rows[0]["status"], rows[0]["curl_code"]), (207, 0))

    def test_all_proxy_and_no_proxy_are_honoured(self):
        # all_proxy alone sends the .invalid host through the proxy; no_proxy exempts nginx's
        # address, whose file the fault server would not have (it answers by path).
        proxy = f"http://127.0.0.1:{port('fault')}"
        rc, _, err, _ = run(["http://through-the-proxy.invalid/status/208", nginx("f4.txt"), "-o", self.out],
                            env_extra={"all_proxy": proxy, "no_proxy": "127.0.0.1"})
        self.assertEqual(rc, 0, err)
        rows, _, _ = read_rows(self.out)
        self.assertEqual([(r["status"], r["curl_code"]) for r in rows], [(208, 0), (200, 0)])
        self.assertEqual(rows[1]["sha256"], sha(served("f4.txt")))

    def test_max_per_host_counts_the_urls_hosts_not_the_proxy(self):
        # Three hosts through one proxy, one connection each: side by side, none waiting.
        urls = [f"http://h{i}.invalid/slow/1" for i in range(3)]
        rc, _, err, _ = run(urls + ["-o", self.out, "--max-per-host", "1", "--timeout", "1.8"],
                            env_extra={"http_proxy": f"http://127.0.0.1:{port('fault')}"})
        self.assertEqual(rc, 0, err)
        rows, group, _ = read_rows(self.out)
        self.assertEqual([(r["status"], r["attempts"]) for r in rows], [(200, 1)] * 3)
        self.assertLess(group["fetch_seconds"], 2.5)

    def test_credentials_never_reach_the_file_or_stdout(self):
        secret = "s3cr3t-" + token()
        url = f"http://user:{secret}@127.0.0.1:{port('nginx')}/1k.bin"
        # libcurl also takes one slash, and a '#' in a password makes a URL malformed (a row
        # with an error): neither may keep the password in what is recorded.
        one_slash = f"http:/user:{secret}@127.0.0.1:{port('nginx')}/f4.txt"
        malformed = f"http://user:{secret}#x@127.0.0.1:{port('nginx')}/1k.bin"
        rc, out, err, _ = run([url, fault(f"redirect/1"), one_slash, malformed, "-o", self.out, "--insecure"])
        self.assertEqual(rc, 1, err)  # the malformed one failed
        rows, _, root = read_rows(self.out)
        self.assertEqual([r["url"] for r in rows[:1] + rows[2:]], [nginx("1k.bin"), nginx("f4.txt"), nginx("1k.bin")])
        self.assertEqual([r["curl_code"] for r in rows], [0, 0, 0, CURLE_URL_MALFORMAT])
        self.assertEqual(root["insecure"], 1)
        with open(self.out, "rb") as f:
            self.assertNotIn(secret.encode(), f.read())
        self.assertNotIn(secret, out + err)


class Progress(FetchCase):
    def stderr_on_a_terminal(self, args):
        import pty
        master, slave = pty.openpty()
        p = subprocess.run([BINARY, "fetch"] + args + ["-o", self.out, "--force"], stdout=subprocess.PIPE,
                           stderr=slave, timeout=60)
        os.close(slave)
        seen = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other end is closed and drained
                break
            if not chunk:
                break
            seen += chunk
        os.close(master)
        return p.returncode, seen.decode()

    def test_progress_only_on_a_terminal_and_not_quiet(self):
        urls = [nginx(f"f{i}.txt") for i in range(30)] + [nginx("nope")]
        rc, seen = self.stderr_on_a_terminal(urls)
        self.assertEqual(rc, 1)
        self.assertRegex(seen, r"31/31 done, 1 failed, \d+ requests/s")
        rc, seen = self.stderr_on_a_terminal(urls + ["--quiet"])
        self.assertEqual((rc, seen), (1, ""))
        _, _, err, _ = run(urls + ["-o", self.out, "--force"])  # stderr a pipe: no progress
        self.assertNotIn("done", err)


class Usage(FetchCase):
    def check_usage(self, args, needle, ranks=None, stdin=None):
        rc, out, err, _ = run(args + ["-o", self.out], ranks=ranks, stdin=stdin)
        self.assertEqual(rc, 2, err)
        lines = [l for l in err.splitlines() if l.startswith("parcompute:")]
        self.assertEqual(len(lines), 1, err)
        self.assertIn("error:", lines[0])
        self.assertIn(needle, lines[0])
        self.assertFalse(os.path.exists(self.out))

    def test_threads_that_cannot_start_are_an_error_not_an_abort(self):
        if "libasan" in subprocess.run(["ldd", BINARY], capture_output=True, text=True).stdout:
            self.skipTest("AddressSanitizer reserves terabytes of address space: no room for RLIMIT_AS")
        limit = 2 << 30  # 2 GiB of address space: room for the process, not for 1,000 thread stacks
        def cap():
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        p = subprocess.run([BINARY, "fetch", "--input", "-", "--engine", "threads", "--threads", "1000", "-o", self.out],
                           input=(nginx("1k.bin") + "\n") * 1000, capture_output=True, text=True, timeout=120,
                           preexec_fn=cap)
        self.assertEqual(p.returncode, 4, p.stderr)  # exit 4 (a library or system failure), not abort()'s 134
        self.assertRegex(p.stderr, r"could not start thread \d+ of 1000 .*--threads")
        self.assertFalse(os.path.exists(self.out))

    def test_usage_errors(self):
        self.check_usage([], "give URLs")
        self.check_usage(["--input", os.path.join(self.dir, "missing.txt")], "--input")
        self.check_usage(["--input", self.dir], "is a directory")
        self.check_usage([nginx("1k.bin"), "--max-in-flight", "0"], "max-in-flight")
        self.check_usage([nginx("1k.bin"), "--timeout", "-1"], "timeout")
        self.check_usage([nginx("1k.bin"), "--timeout", "nan"], "--timeout: 'nan' is not a number")
        self.check_usage([nginx("1k.bin"), "--connect-timeout", "NaN"], "--connect-timeout: 'NaN' is not a number")
        self.check_usage([nginx("1k.bin"), "--cacert", os.path.join(self.dir, "none.pem")], "cacert")
        self.check_usage([nginx("1k.bin"), "--engine", "asyncio"], "--engine")
        self.check_usage([nginx("1k.bin"), "--threads", "4"], "--threads: only with --engine threads")
        self.check_usage([nginx("1k.bin"), "--quiet", "--progress"], "--progress: not with --quiet")
        self.check_usage([nginx("1k.bin"), "--digest", "md5"], "--digest")

    def test_numbers_follow_the_same_rules_as_run(self):
        whole = "is not a whole number (accepted: a whole number from"
        seconds = "is not a number (accepted: a number from 0 to 86400, in seconds)"
        cases = [
            (["--threads", "0x10", "--engine", "threads"], f"--threads: '0x10' {whole} 0 to 10000)"),
            (["--max-in-flight", " 5"], f"--max-in-flight: ' 5' {whole} 1 to 100000)"),
            (["--max-in-flight", ""], f"--max-in-flight: '' {whole} 1 to 100000)"),
            (["--retries", "-0"], f"--retries: '-0' {whole} 0 to 100)"),
            (["--max-per-host", "1.0"], f"--max-per-host: '1.0' {whole} 0 to 100000)"),
            (["--max-redirects", "1e4"], "--max-redirects: 1e4 is out of range (accepted: a whole number from 0 to 1000)"),
            (["--max-bytes", "2e18"],
             "--max-bytes: 2e18 is out of range (accepted: a whole number from 0 to 1152921504606846976)"),
            (["--timeout", "0x1p3"], f"--timeout: '0x1p3' {seconds}"),
            (["--timeout", " 5"], f"--timeout: ' 5' {seconds}"),
            (["--timeout", "-1"], f"--timeout: '-1' {seconds}"),
            (["--connect-timeout", "inf"], f"--connect-timeout: 'inf' {seconds}"),
            (["--connect-timeout", "1e5"], "--connect-timeout: 1e5 is out of range (accepted: a number from 0 to 86400, "
                                           "in seconds)"),
        ]
        for args, line in cases:
            with self.subTest(args=args):
                rc, out, err, _ = run([nginx("1k.bin")] + args + ["-o", self.out])
                self.assertEqual(rc, 2, err)
                self.assertEqual([l for l in err.splitlines() if l.startswith("parcompute:")],
                                 ["parcompute: error: " + line], err)
                self.assertFalse(os.path.exists(self.out))

    def test_an_empty_path_is_an_error_not_the_default(self):
        cases = [
            (["-o", ""], "--output: the value is empty (accepted: a path for the new results file)"),
            (["--input", ""], "--input: the value is empty (accepted: a file of URLs, one a line, or - for stdin)"),
            (["--cacert", ""], "--cacert: the value is empty (accepted: a PEM file of CA certificates)"),
        ]
        for args, line in cases:
            with self.subTest(args=args):
                rc, out, err, _ = run([nginx("1k.bin")] + args, cwd=self.dir)
                self.assertEqual(rc, 2, err)
                self.assertEqual([l for l in err.splitlines() if l.startswith("parcompute:")],
                                 ["parcompute: error: " + line], err)
                self.assertEqual(os.listdir(self.dir), [])

    def test_numbers_in_each_accepted_form(self):
        # 1e3 is 1000 exactly: the 1024-byte file is cut off; 1_024 lets it through.
        rows, group, _, _ = self.fetch([nginx("1k.bin")], "--max-bytes", "1e3", "--max-in-flight", "1_6", "--timeout",
                                       "1.5e1", "--retries", "0", expect=1)
        self.assertIn("max-bytes", rows[0]["error"])
        self.assertEqual((group["max_bytes"], group["max_in_flight"], group["timeout"]), (1000, 16, 15.0))
        rows, group, _, _ = self.fetch([nginx("1k.bin")], "--max-bytes", "1_024", "--connect-timeout", "2.5", expect=0)
        self.assertEqual(rows[0]["bytes"], 1024)
        self.assertEqual((group["max_bytes"], group["timeout"], group["connect_timeout"]), (1024, 60.0, 2.5))

    def test_existing_output_is_kept(self):
        with open(self.out, "w") as f:
            f.write("keep me")
        rc, _, err, _ = run([nginx("1k.bin"), "-o", self.out])
        self.assertEqual(rc, 2, err)
        with open(self.out) as f:
            self.assertEqual(f.read(), "keep me")


class Ranks(FetchCase):
    def test_same_rows_over_1_2_4_ranks_and_both_engines(self):
        t = token()
        urls = [nginx(f"f{i}.txt") for i in range(0, 40, 3)] + [
            fault("status/404"), nginx("1k.bin"), fault("redirect/2"), "file:///etc/passwd", nginx("64k.bin"),
            fault("bytes/777"), nginx("nope"), nginx("1k.bin")]
        seen = {}
        runs = {1: [], 2: [], 4: [], "2 threads": ["--engine", "threads", "--threads", "3"]}
        for key, extra in runs.items():
            n = int(str(key).split()[0])
            flaky = fault(f"flaky/{t}n{n}{len(extra)}/1")  # a fresh token per run: one 503, then 200
            rows, group, root, _ = self.fetch(urls + [flaky], "--retries", "1", *extra, ranks=n, expect=1)
            self.assertEqual(root["mpi_ranks"], n)
            self.assertEqual(rows[-1]["status"], 200)
            self.assertEqual(rows[-1]["attempts"], 2)
            # Timings and which transfer opened a connection depend on the split; the rest may not.
            seen[key] = [{k: v for k, v in r.items() if k not in ("seconds", "ttfb", "connects", "rank")}
                         for r in rows[:-1]]
            self.assertEqual({r["rank"] for r in rows}, set(range(n)))
        self.assertEqual(seen[1], seen[2])
        self.assertEqual(seen[1], seen[4])
        self.assertEqual(seen[1], seen["2 threads"])
        self.assertEqual([r["url"] for r in seen[4]], urls)
        self.assertEqual(seen[4][1]["sha256"], sha(served("f3.txt")))

    def test_a_hosts_urls_stay_on_one_rank(self):
        # Two servers' URLs interleaved, 2 ranks: each rank gets one server (its connections
        # are reused), and the rows still come back in input order.
        urls = [u for i in range(10) for u in (nginx(f"f{i}.txt"), fault(f"bytes/{100 + i}"))]
        rows, _, _, _ = self.fetch(urls, ranks=2, expect=0)
        self.assertEqual([r["url"] for r in rows], urls)
        by_server = [{r["rank"] for r in rows[s::2]} for s in (0, 1)]
        self.assertEqual(sorted(by_server, key=min), [{0}, {1}])
        self.assertEqual([r["bytes"] for r in rows[1::2]], [100 + i for i in range(10)])

    def test_store_bodies_over_ranks(self):
        urls = [nginx(f"f{i}.txt") for i in range(0, 30, 4)] + [fault("bytes/6000000"), nginx("1m.bin"),
                                                                "gopher://x/", nginx("empty.bin")]
        seen = {}
        for n in (1, 3):
            self.fetch(urls, "--store-bodies", ranks=n, expect=1)
            seen[n] = stored_bodies(self.out)
        self.assertEqual(seen[1], seen[3])
        self.assertEqual(seen[3][8], pattern(6_000_000))
        self.assertEqual(seen[3][9], served("1m.bin"))

    def test_progress_flag_counts_every_rank_under_mpirun(self):
        # Under mpirun stderr is never a terminal: --progress asks for the line anyway. Rank 0
        # fetches 10 of the 20 slow URLs one at a time, so a count between 10 and 20 can only
        # include the other rank's rows (counted through the shared-memory window).
        urls = [fault("slow/0.1")] * 20
        rc, _, err, _ = run(urls + ["--max-in-flight", "1", "--progress", "-o", self.out], ranks=2)
        self.assertEqual(rc, 0, err)
        counts = [(int(d), int(t)) for d, t in re.findall(r"fetch: (\d+)/(\d+) done, 0 failed", err)]
        self.assertEqual(counts[-1], (20, 20), err)
        self.assertTrue(all(t == 20 for _, t in counts), err)  # the job's total, not rank 0's share
        self.assertTrue(any(10 < d < 20 for d, _ in counts), err)

    def test_usage_error_printed_once_under_mpirun(self):
        rc, out, err, _ = run(["--input", os.path.join(self.dir, "missing.txt"), "-o", self.out], ranks=4)
        self.assertEqual(rc, 2, err)
        self.assertEqual(len([l for l in err.splitlines() if l.startswith("parcompute:")]), 1, err)
        self.assertFalse(os.path.exists(self.out))


if __name__ == "__main__":
    BINARY, MPIEXEC, SERVERS, argv = run_tests()  # the binary's path is absolute: some tests run elsewhere
    unittest.main(argv=argv, verbosity=2)
