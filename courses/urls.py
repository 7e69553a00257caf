from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("lessons/<int:lesson_id>/done/", views.mark_done, name="mark_done"),
    path(
        "lessons/<int:lesson_id>/quizzes/<str:block_id>/",
        views.submit_quiz,
        name="submit_quiz",
    ),
]
