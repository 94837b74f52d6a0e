"""asyncio as the lesson wrote it: a new ClientSession, and so a new
connection pool, for every URL. This is the slip the course points out.

    python3 async_per_url.py urls.txt      # or: ... | python3 async_per_url.py
"""
import asyncio
import sys
import time

from aiohttp import ClientSession, ClientTimeout
from bs4 import BeautifulSoup


async def count_scripts(url):
    async with ClientSession(timeout=ClientTimeout(total=15)) as session:  # one per URL
        async with session.get(url) as response:
            html = await response.read()
    return len(BeautifulSoup(html, "lxml").find_all("script"))


async def fetch_all(urls):
    scripts = errors = 0
    for done in asyncio.as_completed([count_scripts(url) for url in urls]):  # completion order
        try:
            scripts += await done
        except Exception as e:
            errors += 1
            print(e, file=sys.stderr)
    return scripts, errors


def main():
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    urls = [line.strip() for line in source if line.strip() and not line.startswith("#")]
    start = time.perf_counter()
    scripts, errors = asyncio.run(fetch_all(urls))
    took = time.perf_counter() - start
    print(f"pages={len(urls)} scripts={scripts} errors={errors} seconds={took:.6f}")


main()
