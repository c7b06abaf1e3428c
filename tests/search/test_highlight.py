from search.highlight import highlight, snippet
from search.query import parse


def test_highlight_marks_every_form_of_the_words_found():
    stems = parse("investir elysee").stems
    assert highlight("L'Élysée investit : investissements.", stems) == (
        "L&#x27;<mark>Élysée</mark> <mark>investit</mark> : <mark>investissements</mark>."
    )


def test_highlight_escapes_what_the_text_holds():
    stems = parse("script").stems
    assert highlight('<script>alert("x")</script> & co', stems) == (
        "&lt;<mark>script</mark>&gt;alert(&quot;x&quot;)&lt;/<mark>script</mark>&gt; &amp; co"
    )


def test_highlight_marks_no_stop_word():
    assert highlight("le budget de la France", parse("le budget").stems) == (
        "le <mark>budget</mark> de la France"
    )


def test_snippet_starts_a_little_before_the_first_word_found():
    text = " ".join(f"mot{i}" for i in range(100)) + " réforme " + "fin " * 40
    found = snippet(text, parse("reforme").stems, words=12)
    assert found == (
        "… mot92 mot93 mot94 mot95 mot96 mot97 mot98 mot99 <mark>réforme</mark> fin fin fin …"
    )


def test_snippet_without_a_match_is_the_start_of_the_text():
    text = "Un deux trois quatre cinq six."
    assert snippet(text, parse("absent").stems, words=3) == "Un deux trois …"
    assert snippet("Court.", parse("absent").stems) == "Court."
