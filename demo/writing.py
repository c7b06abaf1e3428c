"""
Bodies of the demo stories, put together from the hand-written fragments of
``demo/content/body.toml``, and the short synthetic stories of the archive. Pure
functions: the same ``rng`` state always gives the same text.
"""

import random

from articles.body import read_also_marker
from demo.specs import ArchiveWords, BodyFragments


def compose_body(
    rng: random.Random, fragments: BodyFragments, section: str, read_also: list[int]
) -> str:
    """
    Build the body HTML of a demo story from the section's fragments: 5 to 8 paragraphs,
    subheadings, sometimes a quote or a list, a link and a "Lire aussi" marker for each
    id of ``read_also``.
    """
    own = fragments.sections[section]
    sizes = [rng.randint(2, 3) for _ in range(rng.randint(5, 8))]
    sentences = iter(rng.sample(own.sentences + fragments.common_sentences, sum(sizes)))
    paragraphs = [" ".join(next(sentences) for _ in range(size)) for size in sizes]
    link = rng.choice(own.links)
    linked = rng.randrange(2, len(paragraphs))
    paragraphs[linked] += (
        f' {link.opening} <a href="https://example.org/{link.path}">{link.text}</a>.'
    )

    headings = rng.sample(own.subheadings, 2)
    blocks = [f"<p>{paragraphs[0]}</p>", f"<p>{paragraphs[1]}</p>"]
    if read_also:
        blocks.append(read_also_marker(read_also[0]))
    blocks += [f"<h2>{headings[0]}</h2>", f"<p>{paragraphs[2]}</p>"]
    if rng.random() < 0.5:
        quote = rng.choice(own.quotes)
        blocks.append(f"<blockquote><p>« {quote.text} »</p><p>— {quote.speaker}</p></blockquote>")
    blocks.append(f"<p>{paragraphs[3]}</p>")
    if rng.random() < 0.5:
        items = "".join(f"<li>{fact}</li>" for fact in rng.sample(own.key_facts, 3))
        blocks += [f"<h3>{rng.choice(fragments.minor_headings)}</h3>", f"<ul>{items}</ul>"]
    if len(paragraphs) > 5:
        blocks.append(f"<h2>{headings[1]}</h2>")
    blocks += [f"<p>{paragraph}</p>" for paragraph in paragraphs[4:-1]]
    if len(read_also) > 1:
        blocks.append(read_also_marker(read_also[1]))
    blocks.append(f"<p>{paragraphs[-1]}</p>")
    return "\n".join(blocks)


def synthetic_story(
    rng: random.Random, words: ArchiveWords, fragments: BodyFragments, section: str
) -> tuple[str, str, str]:
    """(title, lead, body) of a short archive story, grammatical but generic."""
    subject = rng.choice(words.subjects)
    forms = rng.choice(words.verbs)
    verb = forms.plural if subject.plural else forms.singular
    connector, obj = rng.choice(words.connectors), rng.choice(words.objects)
    title = f"{subject.text} {verb} {connector} {obj}"
    lead = (
        f"Selon {rng.choice(words.sources)}, {subject.text[0].lower()}{subject.text[1:]} "
        f"{verb} {connector} {obj}. {rng.choice(fragments.common_sentences)}"
    )
    own = fragments.sections[section]
    one, two, three, four = rng.sample(own.sentences, 4)
    body = (
        f"<p>{one} {two}</p><h2>{rng.choice(own.subheadings)}</h2>"
        f"<p>{three} {four} {rng.choice(fragments.common_sentences)}</p>"
    )
    return title, lead, body
