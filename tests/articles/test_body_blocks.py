"""The body's blocks: each one's allow-list, its canonical marker, and how it is read back."""

import pytest

from articles.body import (
    Block,
    body_embed_urls,
    body_image_ids,
    box_block,
    embed_marker,
    expand_blocks,
    gallery_marker,
    parse_blocks,
    photo_marker,
    photos_without_alt,
    quote_block,
    sanitize_body,
)
from articles.diff import readable_text

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_photo_marker_keeps_its_data_and_loses_the_rest():
    html = (
        '<figure onclick="steal()" data-width="wide" class="x" data-alt="Un chat l\'été"'
        ' data-photo="42" data-caption="<b>Légende</b>"><img src="x"><p>texte</p></figure>'
    )

    assert sanitize_body(html) == (
        '<figure data-photo="42" data-width="wide" data-alt="Un chat l&#x27;été" '
        'data-caption="&lt;b&gt;Légende&lt;/b&gt;"></figure>'
    )


def test_photo_width_is_column_unless_wide():
    assert sanitize_body('<figure data-photo="3" data-width="huge" data-alt="a"></figure>') == (
        '<figure data-photo="3" data-width="column" data-alt="a" data-caption=""></figure>'
    )


def test_gallery_marker_keeps_numeric_ids_once_in_order():
    html = '<figure data-gallery="7,x,3,7, 5" data-photo="no">légende</figure>'

    assert sanitize_body(html) == '<figure data-gallery="7,3,5"></figure>'


def test_gallery_without_images_is_dropped():
    assert sanitize_body('<p>a</p><figure data-gallery="x"></figure>') == "<p>a</p>"


def test_embed_of_a_configured_provider_is_kept():
    assert sanitize_body(f'<figure data-embed="{YOUTUBE}"><iframe></iframe></figure>') == (
        embed_marker(YOUTUBE)
    )


def test_embed_of_another_site_becomes_a_plain_link_and_a_bad_one_disappears():
    html = (
        '<figure data-embed="https://evil.example/v"></figure>'
        '<figure data-embed="javascript:alert(1)"></figure>'
    )

    assert sanitize_body(html) == (
        '<p><a href="https://evil.example/v" rel="noopener noreferrer">'
        "https://evil.example/v</a></p>"
    )


def test_quote_keeps_only_its_allow_list():
    html = (
        '<blockquote data-quote="Victor Hugo" onclick="x"><p>Le <em>texte</em> '
        '<a href="https://example.org">lien</a></p><h2>titre</h2><ul><li>un</li></ul>'
        "<script>alert(1)</script></blockquote>"
    )

    assert sanitize_body(html) == (
        '<blockquote data-quote="Victor Hugo"><p>Le <em>texte</em> lien</p>titreun</blockquote>'
    )


def test_plain_blockquote_stays_a_blockquote():
    assert sanitize_body("<blockquote><p>cité</p></blockquote>") == (
        "<blockquote><p>cité</p></blockquote>"
    )


def test_box_keeps_lists_and_links_and_unwraps_nested_sections():
    html = (
        '<section data-box="Ce qu\'il faut retenir"><ul><li><a href="https://example.org">un</a>'
        '</li></ul><h2>deux</h2><section data-box="x">trois</section><img src=x></section>'
        '<section class="x">libre</section>'
    )

    assert sanitize_body(html) == (
        '<section data-box="Ce qu&#x27;il faut retenir"><ul><li>'
        '<a href="https://example.org" rel="noopener noreferrer">un</a></li></ul>'
        "deuxtrois</section>libre"
    )


def test_every_block_survives_a_second_save_unchanged():
    html = (
        "<p>a</p>"
        + photo_marker(1, alt="Alt « x »", caption="C & D", width="wide")
        + gallery_marker([2, 3])
        + embed_marker(YOUTUBE)
        + quote_block("<p>Citation</p>", author="L'auteur")
        + box_block("<ul><li>point</li></ul>", title="À retenir")
    )

    once = sanitize_body(html)

    assert once == html
    assert sanitize_body(once) == once


def test_parse_blocks_reads_each_block_back():
    html = sanitize_body(
        photo_marker(1, alt="Alt", caption="Légende")
        + gallery_marker([2, 3])
        + embed_marker(YOUTUBE)
        + quote_block("<p>Citation</p>", author="Auteur")
        + box_block("<p>Texte</p>", title="Titre")
    )

    assert parse_blocks(html) == [
        Block("photo", (1,), "column", "Alt", "Légende"),
        Block("gallery", (2, 3)),
        Block("embed", url=YOUTUBE),
        Block("quote", label="Auteur", inner="<p>Citation</p>"),
        Block("box", label="Titre", inner="<p>Texte</p>"),
    ]
    assert body_image_ids(html + photo_marker(3, alt="x")) == [1, 2, 3]
    assert body_embed_urls(html + embed_marker(YOUTUBE)) == [YOUTUBE]


def test_photos_without_alt_names_their_images():
    html = photo_marker(1, alt="Alt") + photo_marker(2, alt="  ") + photo_marker(3, alt="")

    assert photos_without_alt(sanitize_body(html)) == [2, 3]


@pytest.mark.parametrize(
    ("html", "rendered"),
    [
        (photo_marker(1, alt="a"), "photo 1"),
        (gallery_marker([1, 2]), "gallery 1,2"),
        (embed_marker(YOUTUBE), f"embed {YOUTUBE}"),
        (quote_block("<p>q</p>", author="A"), "quote A"),
        (box_block("<p>b</p>", title="T"), "box T"),
    ],
)
def test_expand_blocks_hands_each_block_to_the_renderer(html, rendered):
    def render(block: Block) -> str:
        if block.kind in ("photo", "gallery"):
            detail = ",".join(map(str, block.image_ids))
        else:
            detail = block.url or block.label
        return f"{block.kind} {detail}"

    assert expand_blocks("<p>x</p>" + html, render) == f"<p>x</p>{rendered}"


def test_the_word_diff_reads_blocks_by_their_text():
    html = sanitize_body(
        "<p>Début.</p>"
        + photo_marker(4, alt="Le port", caption="Marseille")
        + gallery_marker([5, 6])
        + embed_marker(YOUTUBE)
        + quote_block("<p>Rien ne va plus</p>", author="Le croupier")
        + box_block("<ul><li>Un</li><li>Deux</li></ul>", title="À retenir")
    )

    assert readable_text(html) == "\n".join(
        [
            "Début.",
            "[Photo n° 4 : Le port] Marseille",
            "[Diaporama : photos n° 5, 6]",
            f"[Contenu externe : {YOUTUBE}]",
            "« Rien ne va plus » — Le croupier",
            "À retenir",
            "Un",
            "Deux",
        ]
    )
