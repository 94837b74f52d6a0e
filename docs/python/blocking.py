# The blocking version: one page at a time.
import time

import requests
from bs4 import BeautifulSoup

URLS = ["https://example.com/", "https://example.org/", "https://example.net/"]


def count_scripts(url):
    html = requests.get(url).text  # the thread waits here for every page
    return len(BeautifulSoup(html, "html.parser").find_all("script"))


start = time.perf_counter()
for url in URLS:
    print(url, count_scripts(url))
print(f"took {time.perf_counter() - start:.2f}s")
