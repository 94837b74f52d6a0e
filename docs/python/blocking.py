"""The blocking loop: one page after another, as the lesson's first version.

    python3 blocking.py urls.txt      # or: ... | python3 blocking.py

It uses urllib from the standard library; the lesson's requests.get opens
a new connection for every call in the same way.
"""
import sys
import time
import urllib.request

from bs4 import BeautifulSoup


def count_scripts(url):
    with urllib.request.urlopen(url, timeout=15) as response:  # the thread waits here
        html = response.read()
    return len(BeautifulSoup(html, "lxml").find_all("script"))


def main():
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    urls = [line.strip() for line in source if line.strip() and not line.startswith("#")]
    start = time.perf_counter()
    scripts = errors = 0
    for url in urls:
        try:
            scripts += count_scripts(url)
        except Exception as e:  # one bad page must not stop the others
            errors += 1
            print(f"{url}: {e}", file=sys.stderr)
    took = time.perf_counter() - start
    print(f"pages={len(urls)} scripts={scripts} errors={errors} seconds={took:.6f}")


main()
