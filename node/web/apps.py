from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "node.web"
    label = "web"
