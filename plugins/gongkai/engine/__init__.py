"""The engine layer: the only code that imports MkDocs (and, through its templates, Material for MkDocs).

`plugin.py` hands MkDocs' events to the pipeline (core/pipeline.py); `config.py` holds the plugin's options and
the one loader of mkdocs.yml (`load_site`, `settings_of`); `build.py` renders a planned build with MkDocs'
own build (stage 4) and runs `gongkai build` of one site; `serve.py` is the live preview; `logs.py` shows the
log in Chinese and counts warnings. Moving to another engine means replacing this package (docs/engine.md).
"""
