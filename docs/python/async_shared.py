# The asyncio version with one ClientSession shared by every request.
import asyncio
import time

from aiohttp import ClientSession
from bs4 import BeautifulSoup

URLS = ["https://example.com/", "https://example.org/", "https://example.net/"]


async def count_scripts(session, url):
    async with session.get(url) as response:
        html = await response.read()
    return url, len(BeautifulSoup(html, "html.parser").find_all("script"))


async def main():
    async with ClientSession() as session:  # one pool for the whole run
        coroutines = [count_scripts(session, url) for url in URLS]
        for next_done in asyncio.as_completed(coroutines):
            url, n = await next_done
            print(url, n)


start = time.perf_counter()
asyncio.run(main())
print(f"took {time.perf_counter() - start:.2f}s")
