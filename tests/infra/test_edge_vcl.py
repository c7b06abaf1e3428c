"""The Varnish configuration follows the reader pages' declarations (infra.edge)."""

import re

from django.core.management import call_command

from infra import edge
from reader import pages


def test_the_shipped_vcl_follows_the_reader_pages():
    call_command("edge_vcl", check=True)  # CommandError when stale


def test_every_reader_page_is_known_to_the_edge_with_what_it_reads():
    found = {
        (page.name, page.reads, tuple(page.read_values.items())) for page in edge.reader_pages()
    }

    assert found == {
        ("home", (), ()),
        ("article", ("commentaire", "commentaires"), (("commentaire", ("publie", "recu")),)),
        ("section", ("page",), ()),
        ("topic", ("page",), ()),
        ("author", ("page",), ()),
        ("search", tuple(sorted(pages.SEARCH.reads)), ()),
        ("live_updates", (), ()),
    }


def _normalise(url: str) -> str:
    """What the generated VCL does to a URL, with Python's re (same syntax here)."""
    for page in edge.reader_pages():
        if re.search(page.regex, url):
            if not page.reads:
                url = re.sub(r"\?.*$", "", url)
            else:
                kept = "|".join(map(re.escape, page.reads))
                url = re.sub(rf"([?&])(?!(?:{kept})=)[^&]*", r"\1", url)
            for name, values in page.read_values.items():
                shown = "|".join(values)
                url = re.sub(rf"([?&]){name}=(?!(?:{shown})(?:&|$))[^&]*", r"\1", url)
            break
    url = re.sub("&&+", "&", url)
    url = re.sub(r"\?&+", "?", url, count=1)
    return re.sub(r"[?&]+$", "", url, count=1)


def test_the_edge_keeps_only_the_parameters_a_page_reads():
    assert _normalise("/article/un-titre-12/?utm_source=x&commentaires=2&fbclid=y") == (
        "/article/un-titre-12/?commentaires=2"
    )
    assert _normalise("/en/article/un-titre-12/?commentaire=recu&gclid=1") == (
        "/en/article/un-titre-12/?commentaire=recu"
    )
    # A notice the page does not show is the canonical page.
    assert _normalise("/article/un-titre-12/?commentaire=x") == "/article/un-titre-12/"
    assert _normalise("/?utm_campaign=une") == "/"
    assert _normalise("/rubrique/economie/?page=3&xtor=RSS") == "/rubrique/economie/?page=3"
    assert _normalise("/recherche/?q=impots&utm_medium=x&tri=date") == (
        "/recherche/?q=impots&tri=date"
    )
    # Not a reader page: left as it is.
    assert _normalise("/commentaires/jeton/?x=1") == "/commentaires/jeton/?x=1"
