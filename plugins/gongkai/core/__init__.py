"""gongkai's engine-neutral core: everything that decides what a disclosure site contains. No MkDocs imports.

Layers, lowest first; a module imports only from its own package or a lower rank (tests/test_architecture.py):

    base        problems, field readers, strict YAML, identifiers, working days, 公开时限, clock, progress
    model       units, domains, catalogs, items; lifecycle (现行有效, 公示期); 索引号; the URL scheme
    sources     reading catalogs/ and content/: registry, catalogs, corpus, guides, ledgers, sites, columns …
    checks | compliance | search
                checks of sources and of the built site | coverage and the compliance report | Pagefind
    site        what pages the site has and what each shows (typed views), feeds, 一本通, 年报, kiosk, 站群
    publish     release directories and the atomic swap; the kiosk's local server
    pipeline    one build, stage by stage (load → check → plan → render → index → gate → publish)
"""
