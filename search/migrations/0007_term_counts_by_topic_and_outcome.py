import importlib

import django.contrib.postgres.fields
from django.db import migrations, models

BEFORE = importlib.import_module("search.migrations.0005_term_counts_by_year_and_body").TRIGGER

# As 0005's, now with each row's topics and outcomes, and also when only those change (then `reranks` is false:
# the row's ranks did not move, only its counts per topic and outcome). Removing a deleted topic's id from every
# row that had it (search.signals) is not recorded: a facet shows only topics that exist, so no count moves.
TRIGGER = """
CREATE OR REPLACE FUNCTION search_record_term_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    reranks boolean := true;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        reranks := NEW.document IS DISTINCT FROM OLD.document OR NEW.meeting_date <> OLD.meeting_date
                   OR NEW.body_id <> OLD.body_id;
        IF NOT reranks AND NEW.outcomes IS NOT DISTINCT FROM OLD.outcomes
           AND NOT EXISTS (SELECT 1 FROM unnest(NEW.topic_ids) t WHERE NOT t = ANY(OLD.topic_ids))
           AND NOT EXISTS (SELECT 1 FROM unnest(OLD.topic_ids) t
                           WHERE NOT t = ANY(NEW.topic_ids) AND EXISTS (SELECT 1 FROM meetings_topic WHERE id = t)) THEN
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.document IS NOT NULL THEN
        INSERT INTO search_termchange (item_id, lexemes, sign, year, body_id, topic_ids, outcomes, reranks)
        VALUES (OLD.item_id, tsvector_to_array(OLD.document), -1, extract(year FROM OLD.meeting_date), OLD.body_id,
                OLD.topic_ids, OLD.outcomes, reranks);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.document IS NOT NULL THEN
        INSERT INTO search_termchange (item_id, lexemes, sign, year, body_id, topic_ids, outcomes, reranks)
        VALUES (NEW.item_id, tsvector_to_array(NEW.document), 1, extract(year FROM NEW.meeting_date), NEW.body_id,
                NEW.topic_ids, NEW.outcomes, reranks);
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS search_term_change ON meetings_searchentry;
CREATE TRIGGER search_term_change
    AFTER INSERT OR DELETE OR UPDATE OF document, meeting_date, body_id, topic_ids, outcomes
    ON meetings_searchentry FOR EACH ROW EXECUTE FUNCTION search_record_term_change();
"""


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0006_impacts_as_real"),
    ]

    operations = [
        migrations.AddField(
            model_name="termlist",
            name="topics",
            field=models.JSONField(default=dict, verbose_name="antal pr. emne"),
        ),
        migrations.AddField(
            model_name="termlist",
            name="outcomes",
            field=models.JSONField(default=dict, verbose_name="antal pr. udfald"),
        ),
        migrations.AddField(
            model_name="termchange",
            name="topic_ids",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(), default=list, verbose_name="emner"
            ),
        ),
        migrations.AddField(
            model_name="termchange",
            name="outcomes",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.TextField(), default=list, verbose_name="udfald"
            ),
        ),
        migrations.AddField(
            model_name="termchange",
            name="reranks",
            field=models.BooleanField(default=True, verbose_name="rang ændret"),
        ),
        migrations.RunSQL(TRIGGER, BEFORE),
    ]
