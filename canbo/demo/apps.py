from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "canbo.demo"
    label = "demo"
    verbose_name = "Dữ liệu trình diễn và đo tốc độ"
