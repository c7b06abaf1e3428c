from demo.drawing import draw_demo_image
from demo.loader import load_content


def test_draw_demo_image_is_deterministic_by_seed():
    content = load_content()
    spec = content.images[0]
    palette = content.sections[0].palette
    size = (320, 180)

    first = draw_demo_image(style=spec.style, palette=palette, seed="a", size=size)
    again = draw_demo_image(style=spec.style, palette=palette, seed="a", size=size)
    other = draw_demo_image(style=spec.style, palette=palette, seed="b", size=size)

    assert first == again
    assert first != other
    assert first[:3] == b"\xff\xd8\xff"
