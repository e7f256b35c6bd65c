"""The statutory and guidance rules of MAPPA, as plain Python with no Django.

Every legal or guidance date in the product is computed here: notification
periods, compliance clocks, review cadences, working-day deadlines, visit
intervals, custody deadlines, exit and retention dates. Each rule is a row in
a module-level table that carries its citation; ``rules.catalogue`` gathers
them all and ``python -m rules.docs`` prints them as docs/rules.md.
"""
