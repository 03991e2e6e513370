"""Judging a site against the rules it is inspected on: catalog coverage (已公开 / 未公开 / 逾期, by each
row's 公开时限 on the working-day calendar), and `gongkai report` — overdue items, stale and blank columns,
单项否决 counts, 解读, 年报 and 依申请公开 deadlines, forecasts — with its JSON, CSV and staff dashboard.
"""
