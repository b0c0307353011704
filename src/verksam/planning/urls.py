"""URLs of the planning app: the plan page and its edit pages."""

from django.urls import path

from verksam.planning import views, views_activity_status, views_content, views_status, views_targets
from verksam.planning.views_content import ACTIVITY, GOAL, INDICATOR

app_name = "planning"
urlpatterns = [
    path("planer/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("planer/<int:pk>/skicka-in/", views_status.plan_submit, name="plan_submit"),
    path("planer/<int:pk>/till-utkast/", views_status.plan_return_to_draft, name="plan_return_to_draft"),
    path("planer/<int:pk>/besluta/", views_status.plan_decide, name="plan_decide"),
    path("planer/aktiviteter/<int:pk>/status/", views_activity_status.activity_status, name="activity_status"),

    path("planer/<int:plan_pk>/mal/nytt/", views_content.content_create, {"kind": GOAL}, name="goal_create"),
    path("planer/mal/<int:pk>/andra/", views_content.content_edit, {"kind": GOAL}, name="goal_edit"),
    path("planer/mal/<int:pk>/ta-bort/", views_content.content_delete, {"kind": GOAL}, name="goal_delete"),

    path("planer/<int:plan_pk>/aktiviteter/ny/", views_content.content_create, {"kind": ACTIVITY},
         name="activity_create"),
    path("planer/aktiviteter/<int:pk>/andra/", views_content.content_edit, {"kind": ACTIVITY},
         name="activity_edit"),
    path("planer/aktiviteter/<int:pk>/ta-bort/", views_content.content_delete, {"kind": ACTIVITY},
         name="activity_delete"),

    path("planer/<int:plan_pk>/indikatorer/ny/", views_content.content_create, {"kind": INDICATOR},
         name="indicator_create"),
    path("planer/indikatorer/<int:pk>/andra/", views_content.content_edit, {"kind": INDICATOR},
         name="indicator_edit"),
    path("planer/indikatorer/<int:pk>/ta-bort/", views_content.content_delete, {"kind": INDICATOR},
         name="indicator_delete"),

    path("planer/indikatorer/<int:indicator_pk>/arsmal/nytt/", views_targets.target_create,
         name="target_create"),
    path("planer/arsmal/<int:pk>/", views_targets.target_show, name="target_show"),
    path("planer/arsmal/<int:pk>/andra/", views_targets.target_edit, name="target_edit"),
]
