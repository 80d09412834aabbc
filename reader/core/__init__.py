"""The reader's core: cards, loading, the library and links. Never imports Textual."""
