"""``ingest_wire`` and the background tasks."""

import pytest
from django.core.management import CommandError, call_command

from tests.wire.conftest import SAMPLES, sample
from wire.models import Dispatch, ReceivedItem
from wire.tasks import ingest_drop_folder_task, purge_unused_dispatches_task

pytestmark = pytest.mark.django_db


def test_ingest_wire_goes_through_a_batch_with_a_broken_file(afp, tmp_path, capsys):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<NewsML>")
    call_command("ingest_wire", str(SAMPLES / "afp_newsml12_en.xml"), str(broken), "--no-progress")
    out, err = capsys.readouterr()
    assert out.strip() == "Acceptée : 1, Déjà reçue : 0, Refusée : 1"
    assert err.startswith("broken.xml : Refusée : XML mal formé")
    assert Dispatch.objects.count() == 1
    assert ReceivedItem.objects.get(filename="broken.xml").origin == "command"


def test_ingest_wire_with_a_forced_agency(afp):
    call_command("ingest_wire", str(SAMPLES / "ntb_nitf.xml"), "--agency", "AFP", "--no-progress")
    assert Dispatch.objects.get().source == afp
    with pytest.raises(CommandError):
        call_command("ingest_wire", str(SAMPLES / "ntb_nitf.xml"), "--agency", "XYZ")


def test_tasks_run_the_services(afp, tmp_path, settings):
    settings.NEWSROOM = {**settings.NEWSROOM, "WIRE_DROP_DIR": str(tmp_path)}
    (tmp_path / "item.xml").write_bytes(sample("afp_newsml12_en.xml"))
    assert ingest_drop_folder_task.call() == 1
    assert purge_unused_dispatches_task.call() == 0
    assert Dispatch.objects.count() == 1
