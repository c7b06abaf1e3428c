"""
The XSS corpus posted in every field a reader writes (tests/e2e/test_xss.py).

Each payload calls ``xss("<its id>")`` if it ever runs: the browser test defines
``xss`` in every frame before the site's scripts, so a payload that executes leaves
its id behind. Most also need an inline script, an event handler or a
``javascript:`` URL, which the site's CSP refuses: with the CSP on, such a payload
shows as a violation; with it bypassed, as its marker. Escaping alone must stop
every one of them, and each must show as exactly the text the reader typed.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    id: str
    text: str

    @property
    def storable(self) -> bool:
        """PostgreSQL refuses NUL in text, and so do Django's form fields: posted only."""
        return "\x00" not in self.text


def _corpus(*texts: str) -> tuple[Payload, ...]:
    """Number the payloads in order: ``{id}`` in a text is its marker's id."""
    return tuple(
        Payload(id=str(number), text=text.replace("{id}", str(number)))
        for number, text in enumerate(texts, start=1)
    )


PAYLOADS = _corpus(
    # Script elements.
    '<script>xss("{id}")</script>',
    '<SCRIPT>xss("{id}")</SCRIPT>',
    '<script src="data:,xss(%22{id}%22)"></script>',
    '<script>xss("{id}")',  # never closed
    '<svg><script>xss("{id}")</script></svg>',
    # Event handlers that fire on their own.
    '<img src=x onerror=xss("{id}")>',
    '<img src=x onerror="&#x78;ss(&quot;{id}&quot;)">',  # entities inside the handler
    '<svg onload=xss("{id}")>',
    '<svg><animate onbegin=xss("{id}") attributeName=x dur=1s>',
    '<details open ontoggle=xss("{id}")>',
    '<input autofocus onfocus=xss("{id}")>',
    '<body onload=xss("{id}")>',  # a second <body> lends its attributes to the first
    '<video><source onerror=xss("{id}")></video>',
    '<img src=x onerror=xss("{id}")',  # broken markup: the tag never ends
    # Frames and plugins.
    '<iframe srcdoc="<script>top.xss(&quot;{id}&quot;)</script>">',
    '<iframe src="javascript:top.xss(&quot;{id}&quot;)">',
    '<object data="javascript:xss(&quot;{id}&quot;)">',
    '<embed src="javascript:xss(&quot;{id}&quot;)">',
    # javascript: URLs, plain and disguised with entities, case and whitespace.
    '<a href="javascript:xss(&quot;{id}&quot;)">lien</a>',
    '<a href="jav&#x61;script:xss(&quot;{id}&quot;)">lien</a>',
    '<a href="&#106;avascript:xss(&quot;{id}&quot;)">lien</a>',
    '<a href=" JaVa\tScRiPt:xss(&quot;{id}&quot;)">lien</a>',
    '<form><button formaction=javascript:xss("{id}")>ok</button></form>',
    '<base href="javascript:xss(&quot;{id}&quot;)//">',
    '<meta http-equiv=refresh content="0;url=javascript:xss(&quot;{id}&quot;)">',
    # Entity tricks: shown as typed, never decoded into markup.
    '&lt;script&gt;xss("{id}")&lt;/script&gt;',
    '&#60;img src=x onerror=xss("{id}")&#62;',
    '&amp;lt;script&amp;gt;xss("{id}")&amp;lt;/script&amp;gt;',
    "%3Cscript%3Exss(%22{id}%22)%3C/script%3E",
    "\\u003cscript\\u003exss('{id}')\\u003c/script\\u003e",
    '\uff1cscript\uff1exss("{id}")\uff1c/script\uff1e',  # fullwidth: NFKC makes it markup
    # Breaking out of the element or attribute that holds the text.
    '</textarea><script>xss("{id}")</script>',
    '</title><script>xss("{id}")</script>',
    '"><script>xss("{id}")</script>',
    "'><img src=x onerror=xss('{id}')>",
    '" autofocus onfocus="xss(`{id}`)" x="',
    "' autofocus onfocus='xss(`{id}`)' x='",
    '`><img src=x onerror=xss("{id}")>',
    '</script><script>xss("{id}")</script>',  # out of the JSON-LD element
    '</p></div></li></ol><script>xss("{id}")</script>',
    '<!--<img src="--><img src=x onerror=xss("{id}")//">',
    # Mutation XSS: markup that parses differently once serialized again.
    '<math><mtext><table><mglyph><style><img src=x onerror=xss("{id}")>',
    '<svg><style><img src=x onerror=xss("{id}")></style></svg>',
    '<noscript><p title="</noscript><img src=x onerror=xss(&quot;{id}&quot;)>">',
    '<style>*{background:url("javascript:xss(`{id}`)")}</style>',
    '<div style="background:url(javascript:xss(`{id}`))">x</div>',
    # Template injection: shown as typed, never evaluated.
    '{{ "<script>xss(`{id}`)</script>"|safe }}',
    '{% autoescape off %}<script>xss("{id}")</script>{% endautoescape %}',
    '${xss("{id}")}{{constructor.constructor("xss(`{id}`)")()}}',
    # Bidi and NUL characters.
    '\u202e<img src=x onerror=xss("{id}")>\u202c',
    '\u2066"><script>xss("{id}")</script>\u2069\u200b',
    '<scr\x00ipt>xss("{id}")</scr\x00ipt>',
)

STORED = tuple(payload for payload in PAYLOADS if payload.storable)
