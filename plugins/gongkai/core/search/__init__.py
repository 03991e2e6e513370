"""Chinese full-text search on a static host: what goes into Pagefind's index (synonyms, the exact
文号/索引号 lookup table), feeding Pagefind while pages render (`index.IndexFeed`), one bundle or one per
year, and rewriting the bundles byte-stably so that two builds of the same source are identical.
"""
