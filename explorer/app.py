"""The explorer's entry point: routing only.

``streamlit run explorer/app.py -- --store DIR`` (what ``policykg explore``
runs, see :mod:`policykg.explorer.launch`). Each page is a file beside this
one holding one function; the data comes through the cached loaders of
:mod:`policykg.explorer.cache`.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from policykg.explorer import prefetch

# the store's documents are read in a thread while the pages' modules (pandas, Altair) load
prefetch.start()
prefetch.skip_repl_check()

from policykg.explorer.data import default_lang  # noqa: E402 (after the reading is begun)
from policykg.explorer.strings import t  # noqa: E402
from policykg.explorer.widgets import PAGES  # noqa: E402

HERE = Path(__file__).parent

#: (section, page key, Material icon), in the order of the navigation.
LAYOUT = (
    ("nav.explore", "overview", ":material/dashboard:"),
    ("nav.explore", "document", ":material/description:"),
    ("nav.explore", "cascade", ":material/account_tree:"),
    ("nav.audit", "coverage", ":material/fact_check:"),
    ("nav.audit", "agencies", ":material/apartment:"),
    ("nav.explore", "search", ":material/search:"),
    ("nav.explore", "browser", ":material/hub:"),
    ("nav.data", "ingest", ":material/upload_file:"),
)


def run() -> None:
    st.set_page_config(page_title=t("app.title"), page_icon=":material/account_tree:", layout="wide")
    if "lang_en" not in st.session_state:
        st.session_state["lang_en"] = default_lang() == "en"
    st.sidebar.toggle(t("app.english"), key="lang_en")
    sections: dict[str, list] = {}
    for section, key, icon in LAYOUT:
        page = st.Page(HERE / PAGES[key], title=t(f"nav.{key}"), icon=icon, url_path=key, default=key == "overview")
        sections.setdefault(t(section), []).append(page)
    st.navigation(sections).run()


if __name__ == "__main__":
    run()
