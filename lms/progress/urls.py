from django.urls import path

import courses.converters  # noqa: F401 (registers the "db_id" converter)

from . import views

app_name = "progress"
urlpatterns = [
    path("my/learning/", views.my_learning, name="my_learning"),
    path("training/assignments/", views.assignment_list, name="assignments"),
    path("training/assignments/new/", views.assignment_create, name="assignment_create"),
    path(
        "training/assignments/<db_id:pk>/withdraw/",
        views.assignment_delete,
        name="assignment_withdraw",
    ),
]
