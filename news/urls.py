from django.urls import path

from news import views
from news.syndication import news_feed

app_name = "news"
urlpatterns = [
    path("news/", views.news_list, name="list"),
    path("feeds/news.xml", news_feed, name="feed"),
]
