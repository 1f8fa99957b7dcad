"""Keep SearchEntry.topic_ids in step when topic assignments change through the ORM (admin, shell, tests).

The ingest and the topic commands write both copies themselves (search.indexing); these receivers cover
everything else: Topic.items.add/remove/clear from either side, and deleting a topic.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from meetings.models import AgendaItem, Correction, Topic
from search.indexing import index_items, sync_topic_ids


@receiver(m2m_changed, sender=Topic.items.through)
def topic_items_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if reverse:  # item.topics.add(...): one item changed
        sync_topic_ids([instance.pk])
    elif pk_set is not None:  # topic.items.add(items): those items changed
        sync_topic_ids(sorted(pk_set))
    else:  # topic.items.clear(): every item that had the topic
        _drop_topic(instance.pk)


@receiver(post_delete, sender=Topic)
def topic_deleted(sender, instance: Topic, **kwargs) -> None:
    _drop_topic(instance.pk)


def _drop_topic(topic_id: int) -> None:
    # The through rows are already gone; only the copies remain.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE meetings_searchentry SET topic_ids = array_remove(topic_ids, %s) "
            "WHERE topic_ids @> ARRAY[%s]::bigint[]",
            [topic_id, topic_id],
        )


@receiver(post_save, sender=Correction)
def correction_saved(sender, instance: Correction, **kwargs) -> None:
    """A staff correction made or withdrawn in the admin: the item's search row says what its page says. (The
    ingest writes corrections with update(), no signal, and re-indexes the meeting itself.)"""
    if instance.item_id is not None:  # attendance is not in the search rows
        index_items(AgendaItem.objects.filter(pk=instance.item_id).select_related("meeting", "decision"))
