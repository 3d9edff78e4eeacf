"""Articles belong to a site; their keys are unique within it, no longer across the install.

Every existing article goes to the default site, created here with the key "main".
"""

import secrets

import django.db.models.deletion
from django.db import migrations, models

import majlis.sites.models


def to_default_site(apps, schema_editor):
    Site = apps.get_model("majlis_sites", "Site")
    Article = apps.get_model("articles", "Article")
    site = Site.objects.filter(is_default=True).first() or Site.objects.create(
        key="main", name="Majlis", is_default=True, sso_secret=secrets.token_urlsafe(32)
    )
    Article.objects.update(site=site)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_comments_changed_at"),
        ("majlis_sites", "0001_sites"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="site",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="majlis_sites.site",
                verbose_name="site",
            ),
        ),
        migrations.RunPython(to_default_site, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="article",
            name="site",
            field=models.ForeignKey(
                default=majlis.sites.models.default_site_id,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="articles",
                to="majlis_sites.site",
                verbose_name="site",
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="key",
            field=models.SlugField(max_length=200, verbose_name="key"),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("site", "key"), name="article_key_unique_in_site"
            ),
        ),
    ]
