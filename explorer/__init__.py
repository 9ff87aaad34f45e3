"""The explorer: a Streamlit app over :mod:`policykg.graph`.

``app.py`` is the entry point (routing only); each ``page_*.py`` is one page
holding one function; :mod:`~policykg.explorer.cache` loads the graph once per
server and store version; :mod:`~policykg.explorer.views` computes what the
pages show from the graph (no Streamlit there); :mod:`~policykg.explorer.strings`
holds every UI string in Chinese and English; :mod:`~policykg.explorer.launch`
starts the server (``policykg explore``).
"""
