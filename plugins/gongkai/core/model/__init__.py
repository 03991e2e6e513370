"""The content model: units (with their levels and tree), domains, standard catalogs and their rows,
disclosure items and attachments (entities.py); an item's lifecycle on the as-of date (现行有效, 公示中 /
公示期满); the 索引号 format; and the site's URL scheme (urls.py), which every layer above uses.
"""
