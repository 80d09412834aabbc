"""Reading a story in the terminal: the article's page, fetched politely, its main text taken
out by trafilatura, kept in the cache folder so it shows offline. Plain Python, no Textual;
trafilatura (and lxml) load only when a page is read."""
