"""The small lookup tables (packs, rules, domains, outcomes), cached in memory for one
connection so that each stored row refers to them by integer."""

from __future__ import annotations

import sqlite3

# (in scope, status after checks, credit, gap, finding codes separated by spaces)
OutcomeKey = tuple[int, str | None, float | None, int, str]


class Keys:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.packs: dict[tuple[str, str], tuple[int, str]] = {}
        self.pack_of: dict[int, tuple[str, str, str]] = {}  # key → (id, version, path)
        for i, p, v, path in conn.execute("SELECT id, pack_id, version, path FROM packs"):
            self.packs[(p, v)] = (i, path)
            self.pack_of[i] = (p, v, path)
        self.rules: dict[tuple[int, str], int] = {}
        self.rule_names: dict[int, str] = {}
        for i, pack, rule in conn.execute("SELECT id, pack, rule FROM rules"):
            self.rules[(pack, rule)] = i
            self.rule_names[i] = rule
        self.domains: dict[tuple[int, str], int] = {}
        self.domain_names: dict[int, tuple[str, int]] = {}
        for i, pack, domain, position in conn.execute(
                "SELECT id, pack, domain, position FROM domains"):
            self.domains[(pack, domain)] = i
            self.domain_names[i] = (domain, position)
        self.outcomes: dict[OutcomeKey, int] = {}
        self.outcome_of: dict[int, OutcomeKey] = {}
        for i, *key in conn.execute(
                "SELECT id, in_scope, status, credit, is_gap, findings FROM outcomes"):
            self.outcomes[tuple(key)] = i
            self.outcome_of[i] = tuple(key)

    def pack(self, pack_id: str, version: str, path: str) -> int:
        if (pack_id, version) not in self.packs:
            cur = self.conn.execute("INSERT INTO packs (pack_id, version, path) VALUES (?, ?, ?)",
                                    (pack_id, version, path))
            self.packs[(pack_id, version)] = (ident := int(cur.lastrowid or 0), path)
            self.pack_of[ident] = (pack_id, version, path)
        return self.packs[(pack_id, version)][0]

    def rule(self, pack: int, rule: str, domain: str) -> int:
        if (pack, rule) not in self.rules:
            cur = self.conn.execute("INSERT INTO rules (pack, rule, domain) VALUES (?, ?, ?)",
                                    (pack, rule, domain))
            self.rules[(pack, rule)] = ident = int(cur.lastrowid or 0)
            self.rule_names[ident] = rule
        return self.rules[(pack, rule)]

    def domain(self, pack: int, domain: str, position: int) -> int:
        if (pack, domain) not in self.domains:
            cur = self.conn.execute(
                "INSERT INTO domains (pack, domain, position) VALUES (?, ?, ?)",
                (pack, domain, position))
            self.domains[(pack, domain)] = ident = int(cur.lastrowid or 0)
            self.domain_names[ident] = (domain, position)
        return self.domains[(pack, domain)]

    def outcome(self, key: OutcomeKey) -> int:
        if key not in self.outcomes:
            cur = self.conn.execute(
                "INSERT INTO outcomes (in_scope, status, credit, is_gap, findings) "
                "VALUES (?, ?, ?, ?, ?)", key)
            self.outcomes[key] = ident = int(cur.lastrowid or 0)
            self.outcome_of[ident] = key
        return self.outcomes[key]
