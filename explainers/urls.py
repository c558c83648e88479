app_name = "explainers"
urlpatterns: list = []
