"""Reading the project: everything under catalogs/ and content/ becomes validated model objects or Problems
that name file, line and field. The registry (units, domains, topics, genres, holidays, 站群 sites), the
effective catalogs of every unit (inheritance and adjustments), the corpus of items and hand-written pages,
办事指南 blocks, 年报 ledgers, 专题专栏, compliance rules, site furniture, git history and Excel workbooks.
"""
