"""The site as pages: `plan.plan_site` decides every generated page and gives each a typed view
(`views.py`: what its template shows). Catalog pages and open data, the 政府信息公开 platform and 专题专栏,
Atom feeds and items.json, the 办事一本通 and its PDF, 年报 pages, village roll-ups, the kiosk's pages and
link rewriting, QR codes, and one site of the 站群.
"""
