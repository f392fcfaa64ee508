"""Jinja templates compiled once per process, not once per language.

static-i18n builds each language with a Jinja environment of its own, which
compiles the theme's templates and overrides/ again (about a second of every
build). Jinja's bytecode cache, kept in memory and shared by the builds of
one process (both languages; every rebuild of `make serve`), loads them
compiled instead. Jinja keys each template by its name and checks the
checksum of its source, so an edited template is compiled again.
"""
from __future__ import annotations

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)   # ignored if the source's checksum changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


CACHE = MemoryBytecodeCache()


def on_env(env, config, files):
    env.bytecode_cache = CACHE
    return env
