from pathlib import Path

import pytest

from tests.factories import AgencyFactory
from wire.models import WireSource

SAMPLES = Path(__file__).parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


@pytest.fixture
def afp(db):
    return WireSource.objects.create(
        agency=AgencyFactory(name="Agence France-Presse", short_name="AFP"),
        provider_ids="afp.com, AFP",
        picture_hosts="photos.afp.example",
    )


@pytest.fixture
def tt(db):
    return WireSource.objects.create(
        agency=AgencyFactory(name="Tidningarnas Telegrambyrå", short_name="TT"),
        provider_ids="nprov:TT, TT",
        picture_hosts="beta.tt.se",
    )
