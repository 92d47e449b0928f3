from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "node.web"
    label = "web"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from jobs.models import Membership, Offer, Organisation
        from network.models import Comment, Post
        from node.accounts.models import NodeSettings
        from node.web.pagecache import retire_cached_pages
        from profiles.models import Concept, Experience, Follow, Profile

        # Organisations' showcases (/@handle/) show their offers and people; a follow
        # decides whether a remote account's items are listed (profiles.belonging).
        models = (Experience, Profile, NodeSettings, Concept, Organisation, Offer, Membership)
        models += (Follow, Comment, Post)
        for model in models:
            post_save.connect(
                retire_cached_pages, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}"
            )
            post_delete.connect(
                retire_cached_pages, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}"
            )
