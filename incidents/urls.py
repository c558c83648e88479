from django.urls import path

from core.pagecache import cached_public
from incidents import views
from incidents.apps import INCIDENTS
from incidents.syndication import IncidentsFeed

app_name = "incidents"
urlpatterns = [
    path("incidents/", views.incident_list, name="list"),
    path("incidents/timeline/", views.timeline, name="timeline"),
    path("incidents/map/", views.incident_map, name="map"),
    path("incidents/<int:pk>/", views.incident_detail, name="detail"),
    path("incidents.csv", views.incidents_csv, name="csv"),
    path("api/incidents.json", views.incidents_json, name="api"),
    path("feeds/incidents.xml", cached_public(IncidentsFeed(), keys=(INCIDENTS,)), name="feed"),
]
