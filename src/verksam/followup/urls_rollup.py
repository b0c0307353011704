"""URLs of the assessment and roll-up pages (``verksam.followup.views_rollup``)."""

from django.urls import path

from verksam.followup import views_rollup as views

app_name = "followup_rollup"
urlpatterns = [
    path("uppfoljning/<int:period>/kf-mal/", views.kf_rollup_page, name="kf_rollup"),
    path("uppfoljning/<int:period>/bedomning/<int:unit>/", views.unit_assessment_page, name="unit_assessments"),
    path("uppfoljning/<int:period>/bedomning/<int:unit>/indikatorer/", views.assess_indicators_view,
         name="assess_indicators"),
    path("uppfoljning/<int:period>/bedomning/<int:unit>/mal/<int:goal>/", views.assess_goal_view,
         name="assess_goal"),
    path("uppfoljning/<int:period>/bedomning/<int:unit>/mal/<int:goal>/godkann/", views.approve_goal_view,
         name="approve_goal"),
]
