from django.urls import path

from . import views

app_name = "progress"
urlpatterns = [
    path("my/learning/", views.my_learning, name="my_learning"),
    path("training/assignments/", views.assignment_list, name="assignments"),
    path("training/assignments/new/", views.assignment_create, name="assignment_create"),
    path(
        "training/assignments/<int:pk>/withdraw/",
        views.assignment_delete,
        name="assignment_withdraw",
    ),
]
