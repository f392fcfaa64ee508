"""The theme's templates compiled once, and its files listed once, per process.

static-i18n builds each language with a Jinja environment of its own, which
compiles the theme's templates and overrides/ again (about a second of every
build). Jinja's bytecode cache, kept in memory and shared by the builds of
one process (both languages; every rebuild of `make serve`), loads them
compiled instead. Jinja keys each template by its name and checks the
checksum of its source, so an edited template is compiled again.

MkDocs also lists the theme's files at every build, to copy its static ones:
about 14,000 names (Material's .icons), each matched against a dozen
patterns, 0.4 s a language. The list is kept while overrides/ and the theme's
folders are unchanged (a change to overrides/ lists them again).
"""
from __future__ import annotations

import jinja2

from common import ROOT, common_state


class MemoryBytecodeCache(jinja2.BytecodeCache):
    def __init__(self, store: dict[str, bytes]):
        self.store = store

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)   # ignored if the source's checksum changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_THEME_FILTER = "Files.add_files_from_theme.<locals>.filter"   # MkDocs' listing of static files


def _overrides_stamp() -> tuple:
    return tuple(sorted((str(p), p.stat().st_mtime_ns) for p in (ROOT / "overrides").rglob("*") if p.is_file()))


def _theme_files_once(theme) -> None:
    get_env = theme.get_env
    if getattr(get_env, "cached_listing", False):   # static-i18n's second language: same theme object
        return

    def env_with_cached_listing():
        env = get_env()
        listing = env.list_templates
        # static-i18n adds its sitemap's folder to theme.dirs again for each language: the
        # same folders, so the same files
        key = ("theme-files", tuple(dict.fromkeys(theme.dirs)), _overrides_stamp())

        def list_templates(extensions=None, filter_func=None):
            if extensions is not None or getattr(filter_func, "__qualname__", "") != _THEME_FILTER:
                return listing(extensions, filter_func)
            cache = common_state().setdefault("theme-files", {})
            if key not in cache:
                if len(cache) > 8:   # overrides/ changed several times: forget the old lists
                    cache.clear()
                cache[key] = listing(extensions, filter_func)
            return list(cache[key])

        env.list_templates = list_templates
        return env

    env_with_cached_listing.cached_listing = True
    theme.get_env = env_with_cached_listing


def on_config(config):
    _theme_files_once(config.theme)
    return config


def on_env(env, config, files):
    # kept in common's state: MkDocs loads the hooks again at each rebuild of `make serve`
    env.bytecode_cache = MemoryBytecodeCache(common_state().setdefault("templates", {}))
    return env
