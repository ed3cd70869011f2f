#!/bin/sh
# Catalogue maintenance (needs Babel: pip install babel). Run from the project root.
#   sh tools/catalog.sh extract   # code -> nasales.pot -> merge into every .po (new msgids empty, changed ones
#                         # fuzzy), then compile: the .po header's POT-Creation-Date changed, and the .mo
#                         # carries the header, so tests/test_catalog.py would flag a stale .mo
#   sh tools/catalog.sh init LANG # start a new language
#   sh tools/catalog.sh compile   # .po -> .mo (commit the .mo; tests/test_catalog.py checks it is current)
set -eu
L=src/nasales/locale
VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' src/nasales/__init__.py)  # the one source
case "${1:-}" in
extract)
    pybabel extract -F babel.cfg \
        --no-default-keywords -k _ -k N_ -k ngettext:1,2 \
        --add-comments=TRANSLATORS: --add-location=file --sort-output \
        --project=nasales --version="$VERSION" --copyright-holder=nasales \
        --msgid-bugs-address=dev@nasales.invalid \
        -o $L/nasales.pot src
    pybabel update -D nasales -i $L/nasales.pot -d $L --ignore-obsolete --update-header-comment
    pybabel compile -D nasales -d $L --statistics
    ;;
init)
    pybabel init -D nasales -i $L/nasales.pot -d $L -l "$2"
    ;;
compile)
    pybabel compile -D nasales -d $L --statistics
    ;;
*)
    echo "usage: sh tools/catalog.sh extract|init LANG|compile" >&2; exit 2
    ;;
esac
