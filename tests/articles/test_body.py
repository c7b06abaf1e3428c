from articles.body import expand_read_also, read_also_ids, read_also_marker, sanitize_body


def test_sanitize_body_keeps_the_allowed_structure():
    html = (
        "<h2>Intertitre</h2><h3>Sous-titre</h3><p><strong>gras</strong> <em>italique</em> "
        '<a href="https://example.org/a" title="Source">lien</a></p>'
        "<ul><li>un</li></ul><ol><li>deux</li></ol><blockquote><p>citation</p></blockquote>"
    )

    assert sanitize_body(html) == html.replace(
        'title="Source"', 'title="Source" rel="noopener noreferrer"'
    )


def test_sanitize_body_removes_scripts_handlers_styles_and_bad_urls():
    html = (
        '<p style="color:red" onmouseover="steal()">a</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">b</a><img src=x onerror=alert(1)><svg onload=alert(1)>'
        "<h1>titre</h1>"
    )

    assert sanitize_body(html) == '<p>a</p><a rel="noopener noreferrer">b</a>titre'


def test_sanitize_body_keeps_read_also_markers_and_unwraps_other_asides():
    html = f'<p>a</p>{read_also_marker(12)}<aside class="x">texte libre</aside>'

    assert sanitize_body(html) == '<p>a</p><aside data-read-also="12"></aside>texte libre'


def test_read_also_ids_in_order_without_duplicates():
    html = read_also_marker(3) + "<p>x</p>" + read_also_marker(1) + read_also_marker(3)

    assert read_also_ids(html) == [3, 1]


def test_expand_read_also_replaces_or_drops_markers():
    html = f"<p>a</p>{read_also_marker(1)}{read_also_marker(2)}"

    assert expand_read_also(html, lambda pk: "<b>1</b>" if pk == 1 else "") == "<p>a</p><b>1</b>"
