#!/usr/bin/python3
"""The Python programs parcompute fetch is compared with (one URL a line in URLFILE):
  fetch_clients.py aiohttp URLFILE CONCURRENCY   asyncio.gather under a semaphore, one session
  fetch_clients.py threads URLFILE CONCURRENCY   a thread pool, urllib.request per URL
Each reads every body, and prints one JSON line: {"ok": N, "failed": N, "seconds": S}
(seconds of the fetching alone; the caller times the whole process)."""
import json
import sys
import time


def run_aiohttp(urls, concurrency):
    import asyncio
    import aiohttp

    async def main():
        sem = asyncio.Semaphore(concurrency)
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            async def one(url):
                async with sem:
                    try:
                        async with session.get(url) as r:
                            await r.read()
                            return r.status < 400
                    except aiohttp.ClientError:
                        return False
            return await asyncio.gather(*(one(u) for u in urls))

    return asyncio.run(main())


def run_threads(urls, concurrency):
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def one(url):
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                r.read()
                return r.status < 400
        except (urllib.error.URLError, OSError):
            return False

    with ThreadPoolExecutor(concurrency) as pool:
        return list(pool.map(one, urls))


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ("aiohttp", "threads"):
        sys.exit(__doc__)
    mode, path, concurrency = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(path) as f:
        urls = [line.strip() for line in f if line.strip()]
    start = time.monotonic()
    results = (run_aiohttp if mode == "aiohttp" else run_threads)(urls, concurrency)
    seconds = time.monotonic() - start
    ok = sum(1 for r in results if r)
    print(json.dumps({"ok": ok, "failed": len(results) - ok, "seconds": seconds}))


if __name__ == "__main__":
    main()
