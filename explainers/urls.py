from django.urls import path

from explainers import views

app_name = "explainers"
urlpatterns = [
    path("explainers/", views.explainer_list, name="list"),
    path("explainers/<slug:slug>/", views.explainer_detail, name="detail"),
    path("faq/", views.faq, name="faq"),
]
