"""Counts the <script> elements of each page with BeautifulSoup and three
parsers, to show that the count depends on the parser, not on the fetching:

    python3 parsers.py urls.txt      # or: ... | python3 parsers.py

It prints one line per parser: parser=… pages=… scripts=… errors=…
html5lib parses as a browser does, with scripting off: a <script> inside a
<textarea> is text, and one inside <noscript> is an element (fetchbench, like
a browser with scripting on, skips it). lxml and html.parser make every
<script> an element, decoys included.
"""
import sys
import urllib.request

from bs4 import BeautifulSoup

PARSERS = ["lxml", "html5lib", "html.parser"]


def main():
    source = open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin
    urls = [line.strip() for line in source if line.strip() and not line.startswith("#")]
    scripts = dict.fromkeys(PARSERS, 0)
    errors = 0
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=15) as response:
                html = response.read()
        except Exception as e:
            errors += 1
            print(f"{url}: {e}", file=sys.stderr)
            continue
        for parser in PARSERS:
            scripts[parser] += len(BeautifulSoup(html, parser).find_all("script"))
    for parser in PARSERS:
        print(f"parser={parser} pages={len(urls)} scripts={scripts[parser]} errors={errors}")


main()
