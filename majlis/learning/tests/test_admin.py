"""The admin lists learned models and their cards, and lets nobody change them."""

from __future__ import annotations

import pytest

from majlis.learning.fitting import learn_site
from majlis.learning.models import LearnedModel
from majlis.sites.models import Site

pytestmark = pytest.mark.django_db


def test_an_editor_reads_a_models_card_but_cannot_change_it(
    client, editor, ckb_article, decide_many
):
    decide_many(ckb_article, 300)
    learn_site(Site.default())
    model = LearnedModel.objects.get(head="toxicity")
    client.force_login(editor)
    listing = client.get("/admin/learning/learnedmodel/").content.decode()
    assert "ckb" in listing
    page = client.get(f"/admin/learning/learnedmodel/{model.pk}/change/")
    assert page.status_code == 200
    assert model.sha256 in page.content.decode()
    assert client.get("/admin/learning/learnedmodel/add/").status_code == 403
    response = client.post(f"/admin/learning/learnedmodel/{model.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert LearnedModel.objects.filter(pk=model.pk).exists()
